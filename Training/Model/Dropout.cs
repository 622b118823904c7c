using SweepCluster.Training.Common;

namespace SweepCluster.Training.Model;

/// <summary>
/// Inverted dropout with a kept mask: mask[i] = 1/(1−p) with probability 1−p, else 0; y = x·mask; dx = dy·mask.
/// Shapes: x, y, dx, dy, mask all [n]. The mask is drawn sequentially from one seeded stream (thread-count independent).
/// </summary>
internal static class Dropout
{
    /// <summary>Fills <paramref name="mask"/> with a fresh draw for probability <paramref name="p"/>.</summary>
    public static void Sample(Span<float> mask, float p, Xoshiro256 rng)
    {
        float keep = 1f / (1f - p);
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = rng.NextSingle() < p ? 0f : keep;
        }
    }

    /// <summary>y = x·mask (forward) or dx = dy·mask (backward); y may alias x.</summary>
    public static void Apply(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> mask)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = x[i] * mask[i];
        }
    }

    /// <summary>y += x·mask (a residual branch with dropout); without a mask (empty) y += x.</summary>
    public static void AddInto(Span<float> y, ReadOnlySpan<float> x, ReadOnlySpan<float> mask)
    {
        if (mask.IsEmpty)
        {
            for (int i = 0; i < y.Length; i++)
            {
                y[i] += x[i];
            }

            return;
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] += x[i] * mask[i];
        }
    }
}
