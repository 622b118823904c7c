using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>
/// Row softmax in place over the first <c>length</c> entries (max-subtracted); entries from <c>length</c> on are set to 0
/// (a causal attention row). Backward: ds_i = p_i·(dp_i − Σ_j p_j·dp_j) over the first <c>length</c> entries, 0 beyond.
/// </summary>
internal static class SoftmaxKernel
{
    /// <summary>In-place softmax of row[..length]; row[length..] = 0. Vectorized (<see cref="VecMath.Exp"/>).</summary>
    public static void Forward(Span<float> row, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, row.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        float max = Max(row[..length]);
        float sum = ExpShiftInPlace(row[..length], max);
        VectorKernel.Scale(row[..length], 1f / sum);
        row[length..].Clear();
    }

    /// <summary>dscores assigned from dprobs and the forward output probs (vectorized).</summary>
    public static void Backward(Span<float> dscores, ReadOnlySpan<float> dprobs, ReadOnlySpan<float> probs, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, dscores.Length);
        float dot = VectorKernel.Dot(probs[..length], dprobs[..length]);
        ref float pr = ref MemoryMarshal.GetReference(probs);
        ref float dpr = ref MemoryMarshal.GetReference(dprobs);
        ref float dsr = ref MemoryMarshal.GetReference(dscores);
        var vdot = Vector512.Create(dot);
        int i = 0;
        for (; i + VecMath.Width <= length; i += VecMath.Width)
        {
            Vector512<float> p = Vector512.LoadUnsafe(ref pr, (nuint)i);
            (p * (Vector512.LoadUnsafe(ref dpr, (nuint)i) - vdot)).StoreUnsafe(ref dsr, (nuint)i);
        }

        for (; i < length; i++)
        {
            dscores[i] = probs[i] * (dprobs[i] - dot);
        }

        dscores[length..].Clear();
    }

    /// <summary>The largest value of a non-empty span (vectorized).</summary>
    internal static float Max(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        int i = 0;
        float max = float.NegativeInfinity;
        if (x.Length >= VecMath.Width)
        {
            Vector512<float> vmax = Vector512.LoadUnsafe(ref xr);
            for (i = VecMath.Width; i + VecMath.Width <= x.Length; i += VecMath.Width)
            {
                vmax = Vector512.Max(vmax, Vector512.LoadUnsafe(ref xr, (nuint)i));
            }

            max = VecMath.Max(vmax);
        }

        for (; i < x.Length; i++)
        {
            max = MathF.Max(max, x[i]);
        }

        return max;
    }

    /// <summary>x_i = exp(x_i − shift) in place; returns Σ x_i (lane sums in a fixed order).</summary>
    internal static float ExpShiftInPlace(Span<float> x, float shift) => ExpShift(x, x, shift);

    /// <summary>dst_i = exp(src_i − shift); returns Σ dst_i (lane sums in a fixed order). An empty dst only sums.</summary>
    internal static float ExpShift(Span<float> dst, ReadOnlySpan<float> src, float shift)
    {
        bool store = !dst.IsEmpty;
        ref float sr = ref MemoryMarshal.GetReference(src);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        var vshift = Vector512.Create(shift);
        Vector512<float> vsum = Vector512<float>.Zero;
        int n = src.Length;
        int i = 0;
        for (; i + VecMath.Width <= n; i += VecMath.Width)
        {
            Vector512<float> e = VecMath.Exp(Vector512.LoadUnsafe(ref sr, (nuint)i) - vshift);
            vsum += e;
            if (store)
            {
                e.StoreUnsafe(ref dr, (nuint)i);
            }
        }

        if (i < n)
        {
            // Padding lanes (filled with the shift) are masked to zero before they reach the sum.
            Vector512<float> e = VecMath.Exp(VecMath.LoadPartial(src[i..n], shift) - vshift);
            Vector512<float> lanes = Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            e = Vector512.ConditionalSelect(Vector512.LessThan(lanes, Vector512.Create((float)(n - i))), e, Vector512<float>.Zero);
            vsum += e;
            if (store)
            {
                VecMath.StorePartial(e, dst[i..n]);
            }
        }

        return VecMath.Sum(vsum);
    }

    /// <summary>Scalar reference of <see cref="Forward"/>.</summary>
    public static void ForwardScalar(Span<float> row, int length)
    {
        float max = float.NegativeInfinity;
        for (int i = 0; i < length; i++)
        {
            max = MathF.Max(max, row[i]);
        }

        float sum = 0f;
        for (int i = 0; i < length; i++)
        {
            float e = MathF.Exp(row[i] - max);
            row[i] = e;
            sum += e;
        }

        float inv = 1f / sum;
        for (int i = 0; i < length; i++)
        {
            row[i] *= inv;
        }

        row[length..].Clear();
    }

    /// <summary>Scalar reference of <see cref="Backward"/>.</summary>
    public static void BackwardScalar(Span<float> dscores, ReadOnlySpan<float> dprobs, ReadOnlySpan<float> probs, int length)
    {
        float dot = 0f;
        for (int i = 0; i < length; i++)
        {
            dot += probs[i] * dprobs[i];
        }

        for (int i = 0; i < length; i++)
        {
            dscores[i] = probs[i] * (dprobs[i] - dot);
        }

        dscores[length..].Clear();
    }
}
