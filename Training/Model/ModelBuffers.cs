namespace SweepCluster.Training.Model;

/// <summary>Parameter tensors of one transformer block (views into the flat arrays through their offsets).</summary>
internal sealed record BlockTensors(
    TensorInfo Ln1W, TensorInfo Ln1B, TensorInfo QkvW, TensorInfo QkvB, TensorInfo ProjW, TensorInfo ProjB,
    TensorInfo Ln2W, TensorInfo Ln2B, TensorInfo Fc1W, TensorInfo Fc1B, TensorInfo Fc2W, TensorInfo Fc2B);

/// <summary>
/// Activations one block keeps from forward for backward, preallocated for (maxBatch, block); n = B·T rows.
/// Shapes: Ln1, AttY, Mid, Ln2 [n, C]; Ln*Mean/Rstd [n]; Qkv [n, 3C]; Fc1 (pre-activation), Act [n, F];
/// Drop1, Drop2 [n, C] residual-branch dropout masks (empty without dropout). Mid = x + drop(proj(attn)).
/// </summary>
internal sealed class BlockBuffers
{
    public BlockBuffers(int maxBatch, ModelConfig c)
    {
        int n = maxBatch * c.Block;
        Ln1 = new float[n * c.DModel];
        Ln1Mean = new float[n];
        Ln1Rstd = new float[n];
        Qkv = new float[n * 3 * c.DModel];
        Attention = new AttentionBuffers(maxBatch, c);
        AttY = new float[n * c.DModel];
        Mid = new float[n * c.DModel];
        Ln2 = new float[n * c.DModel];
        Ln2Mean = new float[n];
        Ln2Rstd = new float[n];
        Fc1 = new float[n * c.DFF];
        Act = new float[n * c.DFF];
        Drop1 = c.Dropout > 0 ? new float[n * c.DModel] : [];
        Drop2 = c.Dropout > 0 ? new float[n * c.DModel] : [];
    }

    public float[] Ln1 { get; }

    public float[] Ln1Mean { get; }

    public float[] Ln1Rstd { get; }

    public float[] Qkv { get; }

    public AttentionBuffers Attention { get; }

    public float[] AttY { get; }

    public float[] Mid { get; }

    public float[] Ln2 { get; }

    public float[] Ln2Mean { get; }

    public float[] Ln2Rstd { get; }

    public float[] Fc1 { get; }

    public float[] Act { get; }

    public float[] Drop1 { get; }

    public float[] Drop2 { get; }
}

/// <summary>The result of an evaluation forward pass.</summary>
/// <param name="LossSum">Sum of cross-entropy over the counted items (tokens with target ≥ 0, or labelled sequences).</param>
/// <param name="Count">Items counted.</param>
/// <param name="Correct">Items whose arg-max prediction equals the target.</param>
internal readonly record struct EvalResult(double LossSum, int Count, int Correct)
{
    /// <summary>Mean loss (0 when nothing was counted).</summary>
    public double MeanLoss => Count == 0 ? 0 : LossSum / Count;
}
