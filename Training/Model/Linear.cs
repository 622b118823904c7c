using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// Fully connected layer, PyTorch <c>nn.Linear</c> layout.
/// Shapes: x [n, inF], y [n, outF], w [outF, inF], b [outF] (empty = no bias).
/// </summary>
internal static class Linear
{
    /// <summary>y = x·wᵀ + b.</summary>
    public static void Forward(
        ComputePool pool, Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> w, ReadOnlySpan<float> b,
        int n, int inF, int outF)
    {
        Gemm.Multiply(pool, false, true, n, outF, inF, x, inF, w, inF, y, outF, false);
        if (b.IsEmpty)
        {
            return;
        }

        for (int r = 0; r < n; r++)
        {
            Span<float> row = y.Slice(r * outF, outF);
            for (int o = 0; o < outF; o++)
            {
                row[o] += b[o];
            }
        }
    }

    /// <summary>dx = dy·w (assigned; skipped when empty); dw += dyᵀ·x; db += Σ_rows dy (skipped when empty).</summary>
    public static void Backward(
        ComputePool pool, Span<float> dx, Span<float> dw, Span<float> db, ReadOnlySpan<float> dy, ReadOnlySpan<float> x,
        ReadOnlySpan<float> w, int n, int inF, int outF)
    {
        if (!dx.IsEmpty)
        {
            Gemm.Multiply(pool, false, false, n, inF, outF, dy, outF, w, inF, dx, inF, false);
        }

        Gemm.Multiply(pool, true, false, outF, inF, n, dy, outF, x, inF, dw, inF, true);
        if (db.IsEmpty)
        {
            return;
        }

        for (int r = 0; r < n; r++)
        {
            ReadOnlySpan<float> row = dy.Slice(r * outF, outF);
            for (int o = 0; o < outF; o++)
            {
                db[o] += row[o];
            }
        }
    }
}
