namespace SweepCluster.Training.Kernels;

/// <summary>
/// The exact GELU of PyTorch's <c>nn.GELU()</c>: y = x·Φ(x) = ½·x·(1 + erf(x/√2));
/// dy/dx = Φ(x) + x·φ(x) with φ the standard normal density. Spans of equal length.
/// </summary>
internal static class GeluKernel
{
    private const double InvSqrt2 = 0.70710678118654752440;
    private const double InvSqrt2Pi = 0.39894228040143267794;

    /// <summary>y = gelu(x).</summary>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x) => ForwardScalar(y, x);

    /// <summary>dx = dy·gelu'(x) (assigned).</summary>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x) => BackwardScalar(dx, dy, x);

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
