using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// Token embedding plus the additive position term (learned table, fixed sinusoidal table, or none).
/// Shapes: ids [b, t]; tok, dtok [vocab, d]; pos, dpos [block, d] (learned or the sinusoidal table; empty = none);
/// x, dx [b, t, d].
/// </summary>
internal static class Embedding
{
    /// <summary>x[b,t] = tok[ids[b,t]] + pos[t].</summary>
    public static void Forward(Span<float> x, ReadOnlySpan<int> ids, ReadOnlySpan<float> tok, ReadOnlySpan<float> pos, int b, int t, int d)
    {
        EmbeddingKernel.Gather(x[..(b * t * d)], tok, ids[..(b * t)], d);
        if (pos.IsEmpty)
        {
            return;
        }

        for (int s = 0; s < b; s++)
        {
            for (int p = 0; p < t; p++)
            {
                Span<float> row = x.Slice(((s * t) + p) * d, d);
                ReadOnlySpan<float> pr = pos.Slice(p * d, d);
                for (int c = 0; c < d; c++)
                {
                    row[c] += pr[c];
                }
            }
        }
    }

    /// <summary>dtok[ids] += dx; dpos[t] += Σ_b dx[b,t] (skipped when <paramref name="dpos"/> is empty).</summary>
    public static void Backward(Span<float> dtok, Span<float> dpos, ReadOnlySpan<float> dx, ReadOnlySpan<int> ids, int b, int t, int d)
    {
        EmbeddingKernel.ScatterAdd(dtok, dx[..(b * t * d)], ids[..(b * t)], d);
        if (dpos.IsEmpty)
        {
            return;
        }

        for (int s = 0; s < b; s++)
        {
            for (int p = 0; p < t; p++)
            {
                ReadOnlySpan<float> row = dx.Slice(((s * t) + p) * d, d);
                Span<float> pr = dpos.Slice(p * d, d);
                for (int c = 0; c < d; c++)
                {
                    pr[c] += row[c];
                }
            }
        }
    }

    /// <summary>
    /// The fixed table [block, d]: pe[p, 2i] = sin(p·ω_i), pe[p, 2i+1] = cos(p·ω_i), ω_i = exp(−ln(10000)·2i/d).
    /// </summary>
    public static float[] SinusoidalTable(int block, int d)
    {
        var pe = new float[block * d];
        for (int p = 0; p < block; p++)
        {
            for (int i = 0; i < d; i += 2)
            {
                double w = Math.Exp(-Math.Log(10000.0) * i / d);
                pe[(p * d) + i] = (float)Math.Sin(p * w);
                pe[(p * d) + i + 1] = (float)Math.Cos(p * w);
            }
        }

        return pe;
    }
}
