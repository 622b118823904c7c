namespace SweepCluster.Training.Model;

/// <summary>
/// Pooling of the encoder output for the classifier head (the MLP after it is Linear → ReLU → Linear): the masked mean
/// over the non-padding positions, or the first position's vector (a [CLS]-style read-out).
/// Shapes: h, dh [B, T, C]; pooled, dpooled [B, C]; pad [B, T] (true = padding); rowHasKeys [B]. A sequence of only
/// padding is averaged over all its positions.
/// </summary>
internal static class ClassifierHead
{
    /// <summary>pooled[b] = mean of h[b, t] over the non-padding t, or h[b, 0] when <paramref name="first"/>.</summary>
    public static void PoolForward(Span<float> pooled, ReadOnlySpan<float> h, ReadOnlySpan<bool> pad, ReadOnlySpan<bool> rowHasKeys, int b, int t, int c, bool first = false)
    {
        for (int s = 0; s < b; s++)
        {
            if (first)
            {
                h.Slice(s * t * c, c).CopyTo(pooled.Slice(s * c, c));
                continue;
            }

            Span<float> dst = pooled.Slice(s * c, c);
            dst.Clear();
            int count = 0;
            for (int p = 0; p < t; p++)
            {
                if (rowHasKeys[s] && pad[(s * t) + p])
                {
                    continue;
                }

                count++;
                ReadOnlySpan<float> row = h.Slice(((s * t) + p) * c, c);
                for (int i = 0; i < c; i++)
                {
                    dst[i] += row[i];
                }
            }

            float inv = 1f / count;
            for (int i = 0; i < c; i++)
            {
                dst[i] *= inv;
            }
        }
    }

    /// <summary>dh[b, t] = dpooled[b] / count for non-padding t, 0 for padding (assigned); with <paramref name="first"/>,
    /// dh[b, 0] = dpooled[b] and 0 elsewhere.</summary>
    public static void PoolBackward(Span<float> dh, ReadOnlySpan<float> dpooled, ReadOnlySpan<bool> pad, ReadOnlySpan<bool> rowHasKeys, int b, int t, int c, bool first = false)
    {
        for (int s = 0; s < b; s++)
        {
            if (first)
            {
                dh.Slice(s * t * c, t * c).Clear();
                dpooled.Slice(s * c, c).CopyTo(dh.Slice(s * t * c, c));
                continue;
            }

            int count = 0;
            for (int p = 0; p < t; p++)
            {
                count += rowHasKeys[s] && pad[(s * t) + p] ? 0 : 1;
            }

            float inv = 1f / count;
            ReadOnlySpan<float> src = dpooled.Slice(s * c, c);
            for (int p = 0; p < t; p++)
            {
                Span<float> row = dh.Slice(((s * t) + p) * c, c);
                if (rowHasKeys[s] && pad[(s * t) + p])
                {
                    row.Clear();
                    continue;
                }

                for (int i = 0; i < c; i++)
                {
                    row[i] = src[i] * inv;
                }
            }
        }
    }
}
