using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        ReadOnlySpan<float> beta, int rows, int cols)
    {
        Check(x.Length, y.Length, rows, cols);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * cols, cols);
            float m = Sum(xr) / cols;
            float s = 1f / MathF.Sqrt((SquaredDeviation(xr, m) / cols) + Epsilon);
            Normalize(y.Slice(r * cols, cols), xr, gamma, beta, m, s);
            mean[r] = m;
            rstd[r] = s;
        }
    }

    /// <summary>dx assigned; dgamma and dbeta accumulated (+=).</summary>
    public static void Backward(
        Span<float> dx, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> dy, ReadOnlySpan<float> x,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int rows, int cols)
    {
        Check(x.Length, dx.Length, rows, cols);
        Check(dy.Length, dx.Length, rows, cols);
        for (int r = 0; r < rows; r++)
        {
            BackwardRow(
                dx.Slice(r * cols, cols), dgamma[..cols], dbeta[..cols], dy.Slice(r * cols, cols), x.Slice(r * cols, cols),
                gamma[..cols], mean[r], rstd[r]);
        }
    }

    private static void Check(int x, int y, int rows, int cols)
    {
        if (x < rows * cols || y < rows * cols)
        {
            throw new ArgumentException($"LayerNorm: {rows}×{cols} needs {rows * cols} floats; got {x} and {y}.");
        }
    }

    private static float Sum(ReadOnlySpan<float> x)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        Vector512<float> acc = Vector512<float>.Zero;
        int i = 0;
        for (; i + VecMath.Width <= x.Length; i += VecMath.Width)
        {
            acc += Vector512.LoadUnsafe(ref xr, (nuint)i);
        }

        float sum = VecMath.Sum(acc);
        for (; i < x.Length; i++)
        {
            sum += x[i];
        }

        return sum;
    }

    private static float SquaredDeviation(ReadOnlySpan<float> x, float m)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        Vector512<float> acc = Vector512<float>.Zero;
        var vm = Vector512.Create(m);
        int i = 0;
        for (; i + VecMath.Width <= x.Length; i += VecMath.Width)
        {
            Vector512<float> d = Vector512.LoadUnsafe(ref xr, (nuint)i) - vm;
            acc = Vector512.FusedMultiplyAdd(d, d, acc);
        }

        float sum = VecMath.Sum(acc);
        for (; i < x.Length; i++)
        {
            float d = x[i] - m;
            sum += d * d;
        }

        return sum;
    }

    private static void Normalize(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float m, float s)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float gr = ref MemoryMarshal.GetReference(gamma);
        ref float br = ref MemoryMarshal.GetReference(beta);
        var vm = Vector512.Create(m);
        var vs = Vector512.Create(s);
        int i = 0;
        for (; i + VecMath.Width <= x.Length; i += VecMath.Width)
        {
            Vector512<float> xhat = (Vector512.LoadUnsafe(ref xr, (nuint)i) - vm) * vs;
            Vector512.FusedMultiplyAdd(xhat, Vector512.LoadUnsafe(ref gr, (nuint)i), Vector512.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < x.Length; i++)
        {
            y[i] = ((x[i] - m) * s * gamma[i]) + beta[i];
        }
    }

    private static void BackwardRow(
        Span<float> dx, Span<float> dgamma, Span<float> dbeta, ReadOnlySpan<float> dy, ReadOnlySpan<float> x,
        ReadOnlySpan<float> gamma, float m, float s)
    {
        int cols = x.Length;
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float dyr = ref MemoryMarshal.GetReference(dy);
        ref float gr = ref MemoryMarshal.GetReference(gamma);
        ref float dgr = ref MemoryMarshal.GetReference(dgamma);
        ref float dbr = ref MemoryMarshal.GetReference(dbeta);
        ref float dxr = ref MemoryMarshal.GetReference(dx);
        var vm = Vector512.Create(m);
        var vs = Vector512.Create(s);
        Vector512<float> accG = Vector512<float>.Zero;
        Vector512<float> accGx = Vector512<float>.Zero;
        int i = 0;
        for (; i + VecMath.Width <= cols; i += VecMath.Width)
        {
            Vector512<float> xhat = (Vector512.LoadUnsafe(ref xr, (nuint)i) - vm) * vs;
            Vector512<float> d = Vector512.LoadUnsafe(ref dyr, (nuint)i);
            Vector512<float> g = d * Vector512.LoadUnsafe(ref gr, (nuint)i);
            accG += g;
            accGx = Vector512.FusedMultiplyAdd(g, xhat, accGx);
            (Vector512.LoadUnsafe(ref dbr, (nuint)i) + d).StoreUnsafe(ref dbr, (nuint)i);
            Vector512.FusedMultiplyAdd(d, xhat, Vector512.LoadUnsafe(ref dgr, (nuint)i)).StoreUnsafe(ref dgr, (nuint)i);
        }

        float sumG = VecMath.Sum(accG);
        float sumGx = VecMath.Sum(accGx);
        for (int j = i; j < cols; j++)
        {
            float xhat = (x[j] - m) * s;
            float g = dy[j] * gamma[j];
            sumG += g;
            sumGx += g * xhat;
            dbeta[j] += dy[j];
            dgamma[j] += dy[j] * xhat;
        }

        float meanG = sumG / cols;
        float meanGx = sumGx / cols;
        var vmg = Vector512.Create(meanG);
        var vmgx = Vector512.Create(meanGx);
        i = 0;
        for (; i + VecMath.Width <= cols; i += VecMath.Width)
        {
            Vector512<float> xhat = (Vector512.LoadUnsafe(ref xr, (nuint)i) - vm) * vs;
            Vector512<float> g = Vector512.LoadUnsafe(ref dyr, (nuint)i) * Vector512.LoadUnsafe(ref gr, (nuint)i);
            ((g - vmg - (xhat * vmgx)) * vs).StoreUnsafe(ref dxr, (nuint)i);
        }

        for (; i < cols; i++)
        {
            float xhat = (x[i] - m) * s;
            dx[i] = ((dy[i] * gamma[i]) - meanG - (xhat * meanGx)) * s;
        }
    }

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
