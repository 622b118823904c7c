namespace SweepCluster.Training.Model;

/// <summary>
/// Rotary position embedding (RoFormer): each pair (x[2i], x[2i+1]) of a head vector at position p is rotated by
/// p·θ_i, θ_i = 10000^(−2i/hd). Backward rotates the gradient by −p·θ_i.
/// Shapes: row, drow [hd]; cos, sin tables [block, hd/2].
/// </summary>
internal static class Rotary
{
    /// <summary>Builds the cos and sin tables [block, hd/2].</summary>
    public static (float[] Cos, float[] Sin) Tables(int block, int headDim)
    {
        int half = headDim / 2;
        var cos = new float[block * half];
        var sin = new float[block * half];
        for (int p = 0; p < block; p++)
        {
            for (int i = 0; i < half; i++)
            {
                double theta = p * Math.Pow(10000.0, -2.0 * i / headDim);
                cos[(p * half) + i] = (float)Math.Cos(theta);
                sin[(p * half) + i] = (float)Math.Sin(theta);
            }
        }

        return (cos, sin);
    }

    /// <summary>Rotates <paramref name="row"/> in place for position <paramref name="p"/>.</summary>
    public static void Forward(Span<float> row, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, int p)
    {
        int half = row.Length / 2;
        ReadOnlySpan<float> c = cos.Slice(p * half, half);
        ReadOnlySpan<float> s = sin.Slice(p * half, half);
        for (int i = 0; i < half; i++)
        {
            float x0 = row[2 * i];
            float x1 = row[(2 * i) + 1];
            row[2 * i] = (x0 * c[i]) - (x1 * s[i]);
            row[(2 * i) + 1] = (x0 * s[i]) + (x1 * c[i]);
        }
    }

    /// <summary>Gradient of <see cref="Forward"/>: rotates <paramref name="drow"/> in place by the inverse rotation.</summary>
    public static void Backward(Span<float> drow, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin, int p)
    {
        int half = drow.Length / 2;
        ReadOnlySpan<float> c = cos.Slice(p * half, half);
        ReadOnlySpan<float> s = sin.Slice(p * half, half);
        for (int i = 0; i < half; i++)
        {
            float d0 = drow[2 * i];
            float d1 = drow[(2 * i) + 1];
            drow[2 * i] = (d0 * c[i]) + (d1 * s[i]);
            drow[(2 * i) + 1] = (d1 * c[i]) - (d0 * s[i]);
        }
    }
}
