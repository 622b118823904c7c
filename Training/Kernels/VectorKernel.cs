using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>Element-wise vector operations over spans of equal length, each with its scalar reference.</summary>
internal static class VectorKernel
{
    /// <summary>dst = a + b.</summary>
    public static void Add(Span<float> dst, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Check(dst.Length, a.Length, b.Length);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        int i = 0;
        for (; i + VecMath.Width <= dst.Length; i += VecMath.Width)
        {
            (Vector512.LoadUnsafe(ref ar, (nuint)i) + Vector512.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        }

        AddScalar(dst[i..], a[i..], b[i..]);
    }

    /// <summary>dst += src.</summary>
    public static void AddInPlace(Span<float> dst, ReadOnlySpan<float> src)
    {
        Check(dst.Length, src.Length, src.Length);
        ref float sr = ref MemoryMarshal.GetReference(src);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        int i = 0;
        for (; i + VecMath.Width <= dst.Length; i += VecMath.Width)
        {
            (Vector512.LoadUnsafe(ref dr, (nuint)i) + Vector512.LoadUnsafe(ref sr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        }

        AddInPlaceScalar(dst[i..], src[i..]);
    }

    /// <summary>dst *= s.</summary>
    public static void Scale(Span<float> dst, float s)
    {
        ref float dr = ref MemoryMarshal.GetReference(dst);
        var vs = Vector512.Create(s);
        int i = 0;
        for (; i + VecMath.Width <= dst.Length; i += VecMath.Width)
        {
            (Vector512.LoadUnsafe(ref dr, (nuint)i) * vs).StoreUnsafe(ref dr, (nuint)i);
        }

        ScaleScalar(dst[i..], s);
    }

    /// <summary>dst += alpha·x (fused multiply-add per element).</summary>
    public static void Axpy(Span<float> dst, float alpha, ReadOnlySpan<float> x)
    {
        Check(dst.Length, x.Length, x.Length);
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dr = ref MemoryMarshal.GetReference(dst);
        var va = Vector512.Create(alpha);
        int i = 0;
        for (; i + VecMath.Width <= dst.Length; i += VecMath.Width)
        {
            Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref dr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
        }

        for (; i < dst.Length; i++)
        {
            dst[i] = MathF.FusedMultiplyAdd(alpha, x[i], dst[i]);
        }
    }

    /// <summary>Σ a_i·b_i (16 lane sums, then a fixed-order reduction: deterministic).</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Check(a.Length, b.Length, b.Length);
        ref float ar = ref MemoryMarshal.GetReference(a);
        ref float br = ref MemoryMarshal.GetReference(b);
        Vector512<float> acc = Vector512<float>.Zero;
        int i = 0;
        for (; i + VecMath.Width <= a.Length; i += VecMath.Width)
        {
            acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ar, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i), acc);
        }

        float sum = VecMath.Sum(acc);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Σ a_i² accumulated in double (8 double lanes, fixed-order reduction: deterministic).</summary>
    public static double SumOfSquares(ReadOnlySpan<float> a)
    {
        ref float ar = ref MemoryMarshal.GetReference(a);
        Vector512<double> acc0 = Vector512<double>.Zero;
        Vector512<double> acc1 = Vector512<double>.Zero;
        int i = 0;
        for (; i + VecMath.Width <= a.Length; i += VecMath.Width)
        {
            (Vector512<double> lo, Vector512<double> hi) = Vector512.Widen(Vector512.LoadUnsafe(ref ar, (nuint)i));
            acc0 = Vector512.FusedMultiplyAdd(lo, lo, acc0);
            acc1 = Vector512.FusedMultiplyAdd(hi, hi, acc1);
        }

        Vector512<double> acc = acc0 + acc1;
        double sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
        for (; i < a.Length; i++)
        {
            sum += (double)a[i] * a[i];
        }

        return sum;
    }

    private static void Check(int dst, int a, int b)
    {
        if (a < dst || b < dst)
        {
            throw new ArgumentException($"vector kernel: sources ({a}, {b}) are shorter than the destination ({dst}).");
        }
    }

    /// <summary>Scalar reference of <see cref="Add"/>.</summary>
    public static void AddScalar(Span<float> dst, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = a[i] + b[i];
        }
    }

    /// <summary>Scalar reference of <see cref="AddInPlace"/>.</summary>
    public static void AddInPlaceScalar(Span<float> dst, ReadOnlySpan<float> src)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] += src[i];
        }
    }

    /// <summary>Scalar reference of <see cref="Scale"/>.</summary>
    public static void ScaleScalar(Span<float> dst, float s)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] *= s;
        }
    }

    /// <summary>Scalar reference of <see cref="Axpy"/>.</summary>
    public static void AxpyScalar(Span<float> dst, float alpha, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] += alpha * x[i];
        }
    }

    /// <summary>Scalar reference of <see cref="Dot"/>.</summary>
    public static float DotScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Scalar reference of <see cref="SumOfSquares"/>.</summary>
    public static double SumOfSquaresScalar(ReadOnlySpan<float> a)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * a[i];
        }

        return sum;
    }
}
