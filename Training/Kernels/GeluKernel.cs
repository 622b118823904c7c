using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>
/// The exact GELU of PyTorch's <c>nn.GELU()</c>: y = x·Φ(x) = ½·x·(1 + erf(x/√2));
/// dy/dx = Φ(x) + x·φ(x) with φ the standard normal density. Spans of equal length.
/// </summary>
internal static class GeluKernel
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>y = gelu(x), vectorized (Φ through <see cref="VecMath.NormalCdf"/>, relative error ~1e-6).</summary>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(y.Length, x.Length, nameof(y));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        int n = x.Length;
        int i = 0;
        for (; i + VecMath.Width <= n; i += VecMath.Width)
        {
            Vector512<float> v = Vector512.LoadUnsafe(ref xr, (nuint)i);
            (v * VecMath.NormalCdf(v)).StoreUnsafe(ref yr, (nuint)i);
        }

        if (i < n)
        {
            Vector512<float> v = VecMath.LoadPartial(x[i..], 0f);
            VecMath.StorePartial(v * VecMath.NormalCdf(v), y[i..n]);
        }
    }

    /// <summary>dx = dy·(Φ(x) + x·φ(x)) (assigned), vectorized.</summary>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dx.Length, x.Length, nameof(dx));
        ArgumentOutOfRangeException.ThrowIfLessThan(dy.Length, x.Length, nameof(dy));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        int n = x.Length;
        int i = 0;
        for (; i + VecMath.Width <= n; i += VecMath.Width)
        {
            Vector512<float> v = Vector512.LoadUnsafe(ref xr, (nuint)i);
            (Vector512.LoadUnsafe(ref dyr, (nuint)i) * Derivative(v)).StoreUnsafe(ref dxr, (nuint)i);
        }

        if (i < n)
        {
            Vector512<float> v = VecMath.LoadPartial(x[i..], 0f);
            VecMath.StorePartial(VecMath.LoadPartial(dy[i..n], 0f) * Derivative(v), dx[i..n]);
        }
    }

    private static Vector512<float> Derivative(Vector512<float> x)
    {
        Vector512<float> pdf = VecMath.Exp(x * x * Vector512.Create(-0.5f)) * Vector512.Create((float)InvSqrt2Pi);
        return Vector512.FusedMultiplyAdd(x, pdf, VecMath.NormalCdf(x));
    }

    /// <summary>Scalar reference of <see cref="Forward"/> (double precision erf).</summary>
    public static void ForwardScalar(Span<float> y, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(0.5 * v * (1.0 + ScalarMath.Erf(v * InvSqrt2)));
        }
    }

    /// <summary>Scalar reference of <see cref="Backward"/> (double precision erf).</summary>
    public static void BackwardScalar(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double cdf = 0.5 * (1.0 + ScalarMath.Erf(v * InvSqrt2));
            double pdf = InvSqrt2Pi * Math.Exp(-0.5 * v * v);
            dx[i] = (float)(dy[i] * (cdf + (v * pdf)));
        }
    }
}
