namespace SweepCluster.Training.Kernels;

/// <summary>
/// Row softmax in place over the first <c>length</c> entries (max-subtracted); entries from <c>length</c> on are set to 0
/// (a causal attention row). Backward: ds_i = p_i·(dp_i − Σ_j p_j·dp_j) over the first <c>length</c> entries, 0 beyond.
/// </summary>
internal static class SoftmaxKernel
{
    /// <summary>In-place softmax of row[..length]; row[length..] = 0.</summary>
    public static void Forward(Span<float> row, int length) => ForwardScalar(row, length);

    /// <summary>dscores assigned from dprobs and the forward output probs.</summary>
    public static void Backward(Span<float> dscores, ReadOnlySpan<float> dprobs, ReadOnlySpan<float> probs, int length) =>
        BackwardScalar(dscores, dprobs, probs, length);

    /// <summary>Scalar reference of <see cref="Forward"/>.</summary>
    public static void ForwardScalar(Span<float> row, int length)
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

    /// <summary>Scalar reference of <see cref="Backward"/>.</summary>
    public static void BackwardScalar(Span<float> dscores, ReadOnlySpan<float> dprobs, ReadOnlySpan<float> probs, int length)
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
