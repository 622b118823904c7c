using SweepCluster.Training.Kernels;

// INTERIM: scalar stand-ins with the exact signatures of the kernels branch (Training/Kernels/*Kernel.cs), so the model
// compiles before that branch is merged. Delete this file once `git merge kernels` brings the real ones.
namespace SweepCluster.Training.Model;

internal static class ComputePoolInterim
{
    public static void For(this ComputePool pool, int count, Action<int> body)
    {
        _ = pool;
        for (int i = 0; i < count; i++)
        {
            body(i);
        }
    }
}

internal static class LayerNormKernel
{
    public const float Epsilon = 1e-5f;

    public static void Forward(
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

    public static void Backward(
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
                dgamma[c] += dyr[c] * xhat;
                dbeta[c] += dyr[c];
            }

            sumG /= cols;
            sumGx /= cols;
            for (int c = 0; c < cols; c++)
            {
                float xhat = (xr[c] - m) * s;
                dxr[c] = ((dyr[c] * gamma[c]) - sumG - (xhat * sumGx)) * s;
            }
        }
    }
}

internal static class GeluKernel
{
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            y[i] = (float)(0.5 * v * (1.0 + Erf(v / Math.Sqrt(2.0))));
        }
    }

    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double cdf = 0.5 * (1.0 + Erf(v / Math.Sqrt(2.0)));
            double pdf = Math.Exp(-0.5 * v * v) / Math.Sqrt(2.0 * Math.PI);
            dx[i] = (float)(dy[i] * (cdf + (v * pdf)));
        }
    }

    // Abramowitz and Stegun 7.1.26 (|error| ≤ 1.5e-7): good enough until the kernels branch lands.
    private static double Erf(double x)
    {
        double sign = x < 0 ? -1.0 : 1.0;
        double a = Math.Abs(x);
        double t = 1.0 / (1.0 + (0.3275911 * a));
        double poly = ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t) - 0.284496736) * t;
        poly = (poly + 0.254829592) * t;
        return sign * (1.0 - (poly * Math.Exp(-a * a)));
    }
}

internal static class ReluKernel
{
    public static void Forward(Span<float> y, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > 0f ? x[i] : 0f;
        }
    }

    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > 0f ? dy[i] : 0f;
        }
    }
}

internal static class SoftmaxKernel
{
    public static void Forward(Span<float> row, int length)
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

    public static void Backward(Span<float> dscores, ReadOnlySpan<float> dprobs, ReadOnlySpan<float> probs, int length)
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

internal static class CrossEntropyKernel
{
    public static double ForwardBackward(
        Span<float> dlogits, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int vocab, float gradScale)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<float> d = dlogits.Slice(r * vocab, vocab);
            int target = targets[r];
            if (target < 0)
            {
                d.Clear();
                continue;
            }

            ReadOnlySpan<float> z = logits.Slice(r * vocab, vocab);
            float max = float.NegativeInfinity;
            for (int i = 0; i < vocab; i++)
            {
                max = MathF.Max(max, z[i]);
            }

            float sum = 0f;
            for (int i = 0; i < vocab; i++)
            {
                float e = MathF.Exp(z[i] - max);
                d[i] = e;
                sum += e;
            }

            float scale = gradScale / sum;
            for (int i = 0; i < vocab; i++)
            {
                d[i] *= scale;
            }

            d[target] -= gradScale;
            total += (double)MathF.Log(sum) + max - z[target];
        }

        return total;
    }

    public static double Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int vocab, Span<int> argmax)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> z = logits.Slice(r * vocab, vocab);
            float max = float.NegativeInfinity;
            int best = 0;
            for (int i = 0; i < vocab; i++)
            {
                if (z[i] > max)
                {
                    max = z[i];
                    best = i;
                }
            }

            if (!argmax.IsEmpty)
            {
                argmax[r] = best;
            }

            if (targets[r] < 0)
            {
                continue;
            }

            float sum = 0f;
            for (int i = 0; i < vocab; i++)
            {
                sum += MathF.Exp(z[i] - max);
            }

            total += (double)MathF.Log(sum) + max - z[targets[r]];
        }

        return total;
    }
}

internal static class EmbeddingKernel
{
    public static void Gather(Span<float> output, ReadOnlySpan<float> table, ReadOnlySpan<int> ids, int cols)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            table.Slice(ids[i] * cols, cols).CopyTo(output.Slice(i * cols, cols));
        }
    }

    public static void ScatterAdd(Span<float> dtable, ReadOnlySpan<float> doutput, ReadOnlySpan<int> ids, int cols)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            Span<float> row = dtable.Slice(ids[i] * cols, cols);
            ReadOnlySpan<float> src = doutput.Slice(i * cols, cols);
            for (int c = 0; c < cols; c++)
            {
                row[c] += src[c];
            }
        }
    }
}

internal static class VectorKernel
{
    public static void AddInPlace(Span<float> dst, ReadOnlySpan<float> src)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] += src[i];
        }
    }

    public static void Scale(Span<float> dst, float s)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] *= s;
        }
    }

    public static double SumOfSquares(ReadOnlySpan<float> a)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * a[i];
        }

        return sum;
    }
}
