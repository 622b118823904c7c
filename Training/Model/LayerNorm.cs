using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// <c>nn.LayerNorm(cols)</c> (eps 1e-5, biased variance).
/// Shapes: x, y, dx, dy [rows, cols]; gamma, beta, dgamma, dbeta [cols]; mean, rstd [rows] (saved for backward).
/// </summary>
internal static class LayerNorm
{
    /// <summary>y = (x − mean)·rstd·gamma + beta.</summary>
    public static void Forward(
        Span<float> y, Span<float> mean, Span<float> rstd, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, int rows, int cols) =>
        LayerNormKernel.Forward(y, mean, rstd, x, gamma, beta, rows, cols);

    /// <summary>dx assigned; dgamma, dbeta accumulated.</summary>
    public static void Backward(
        Span<float> dx, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> dy, ReadOnlySpan<float> x,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int rows, int cols) =>
        LayerNormKernel.Backward(dx, dgamma, dbeta, dy, x, gamma, mean, rstd, rows, cols);
}
