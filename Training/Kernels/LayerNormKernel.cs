namespace SweepCluster.Training.Kernels;

/// <summary>
/// Row-wise LayerNorm as PyTorch's <c>nn.LayerNorm</c>: biased variance, eps 1e-5, affine gamma/beta.
/// Shapes: x, y, dx, dy [rows, cols]; gamma, beta, dgamma, dbeta [cols]; mean, rstd [rows].
/// </summary>
internal static class LayerNormKernel
{
    /// <summary>The epsilon added to the variance.</summary>
    public const float Epsilon = 1e-5f;

    /// <summary>y = (x − mean)·rstd·gamma + beta per row; saves mean and rstd for the backward pass.</summary>
    public static void Forward(
        Span<float> y, Span<float> mean, Span<float> rstd, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, int rows, int cols) => ForwardScalar(y, mean, rstd, x, gamma, beta, rows, cols);

    /// <summary>dx assigned; dgamma and dbeta accumulated (+=).</summary>
    public static void Backward(
        Span<float> dx, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> dy, ReadOnlySpan<float> x,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int rows, int cols) =>
        BackwardScalar(dx, dgamma, dbeta, dy, x, gamma, mean, rstd, rows, cols);

    /// <summary>Scalar reference of <see cref="Forward"/>.</summary>
    public static void ForwardScalar(
        Span<float> y, Span<float> mean, Span<float> rstd, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> beta, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * cols, cols);
            Span<float> yr = y.Slice(r * cols, cols);
            float sum = 0f;
            for (int c = 0; c < cols; c++)
            {
                sum += xr[c];
            }

            float m = sum / cols;
            float var = 0f;
            for (int c = 0; c < cols; c++)
            {
                float d = xr[c] - m;
                var += d * d;
            }

            float s = 1f / MathF.Sqrt((var / cols) + Epsilon);
            for (int c = 0; c < cols; c++)
            {
                yr[c] = ((xr[c] - m) * s * gamma[c]) + beta[c];
            }

            mean[r] = m;
            rstd[r] = s;
        }
    }

    /// <summary>Scalar reference of <see cref="Backward"/>.</summary>
    public static void BackwardScalar(
        Span<float> dx, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> dy, ReadOnlySpan<float> x,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * cols, cols);
            ReadOnlySpan<float> dyr = dy.Slice(r * cols, cols);
            Span<float> dxr = dx.Slice(r * cols, cols);
            float m = mean[r];
            float s = rstd[r];
            float sumG = 0f;
            float sumGx = 0f;
            for (int c = 0; c < cols; c++)
            {
                float xhat = (xr[c] - m) * s;
                float g = dyr[c] * gamma[c];
                sumG += g;
                sumGx += g * xhat;
                dbeta[c] += dyr[c];
                dgamma[c] += dyr[c] * xhat;
            }

            float meanG = sumG / cols;
            float meanGx = sumGx / cols;
            for (int c = 0; c < cols; c++)
            {
                float xhat = (xr[c] - m) * s;
                dxr[c] = ((dyr[c] * gamma[c]) - meanG - (xhat * meanGx)) * s;
            }
        }
    }
}
