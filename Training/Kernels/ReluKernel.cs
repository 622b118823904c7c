using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>ReLU: y = max(x, 0); dx = dy where x &gt; 0, else 0. Spans of equal length.</summary>
internal static class ReluKernel
{
    /// <summary>y = max(x, 0).</summary>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(y.Length, x.Length, nameof(y));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i + VecMath.Width <= x.Length; i += VecMath.Width)
        {
            Vector512<float> v = Vector512.LoadUnsafe(ref xr, (nuint)i);
            Vector512.ConditionalSelect(Vector512.GreaterThan(v, Vector512<float>.Zero), v, Vector512<float>.Zero).StoreUnsafe(ref yr, (nuint)i);
        }

        ForwardScalar(y[i..], x[i..]);
    }

    /// <summary>dx = x &gt; 0 ? dy : 0 (assigned).</summary>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dx.Length, x.Length, nameof(dx));
        ArgumentOutOfRangeException.ThrowIfLessThan(dy.Length, x.Length, nameof(dy));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i + VecMath.Width <= x.Length; i += VecMath.Width)
        {
            Vector512<float> mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512<float>.Zero);
            Vector512.ConditionalSelect(mask, Vector512.LoadUnsafe(ref dyr, (nuint)i), Vector512<float>.Zero).StoreUnsafe(ref dxr, (nuint)i);
        }

        BackwardScalar(dx[i..], dy[i..], x[i..]);
    }

    /// <summary>Scalar reference of <see cref="Forward"/>.</summary>
    public static void ForwardScalar(Span<float> y, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > 0f ? x[i] : 0f;
        }
    }

    /// <summary>Scalar reference of <see cref="Backward"/>.</summary>
    public static void BackwardScalar(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > 0f ? dy[i] : 0f;
        }
    }
}
