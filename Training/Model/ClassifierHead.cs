namespace SweepCluster.Training.Model;

/// <summary>
/// Masked mean pooling of the encoder output for the classifier head (the MLP after it is Linear → ReLU → Linear).
/// Shapes: h, dh [B, T, C]; pooled, dpooled [B, C]; pad [B, T] (true = padding); rowHasKeys [B]. A sequence of only
/// padding is averaged over all its positions.
/// </summary>
internal static class ClassifierHead
{
    /// <summary>pooled[b] = mean of h[b, t] over the non-padding t.</summary>
    public static void PoolForward(Span<float> pooled, ReadOnlySpan<float> h, ReadOnlySpan<bool> pad, ReadOnlySpan<bool> rowHasKeys, int b, int t, int c)
    {
        for (int s = 0; s < b; s++)
        {
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

    /// <summary>dh[b, t] = dpooled[b] / count for non-padding t, 0 for padding (assigned).</summary>
    public static void PoolBackward(Span<float> dh, ReadOnlySpan<float> dpooled, ReadOnlySpan<bool> pad, ReadOnlySpan<bool> rowHasKeys, int b, int t, int c)
    {
        for (int s = 0; s < b; s++)
        {
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
