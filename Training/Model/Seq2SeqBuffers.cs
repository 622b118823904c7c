namespace SweepCluster.Training.Model;

/// <summary>Parameter tensors of one decoder block's cross-attention sublayer (views through their offsets).</summary>
internal sealed record CrossTensors(
    TensorInfo LnW, TensorInfo LnB, TensorInfo QW, TensorInfo QB, TensorInfo KvW, TensorInfo KvB, TensorInfo ProjW, TensorInfo ProjB);

/// <summary>
/// What a decoder block's cross-attention sublayer keeps for backward; n = B·Tt decoder rows, m = B·Ts source rows.
/// Shapes: Ln, Q, Y, Mid, Drop [n, C] (Mid = x + drop(proj(cross)), Drop empty without dropout); LnMean, LnRstd [n];
/// Kv [m, 2C].
/// </summary>
internal sealed class CrossBuffers(int maxBatch, Seq2SeqConfig c, Kernels.ComputePool pool)
{
    public float[] Ln { get; } = new float[maxBatch * c.TargetBlock * c.DModel];

    public float[] LnMean { get; } = new float[maxBatch * c.TargetBlock];

    public float[] LnRstd { get; } = new float[maxBatch * c.TargetBlock];

    public float[] Q { get; } = new float[maxBatch * c.TargetBlock * c.DModel];

    public float[] Kv { get; } = new float[maxBatch * c.SourceBlock * 2 * c.DModel];

    public float[] Y { get; } = new float[maxBatch * c.TargetBlock * c.DModel];

    public float[] Mid { get; } = new float[maxBatch * c.TargetBlock * c.DModel];

    public float[] Drop { get; } = c.Dropout > 0 ? new float[maxBatch * c.TargetBlock * c.DModel] : [];

    public CrossAttention Attention { get; } = new(c.DModel, c.Heads, maxBatch, c.TargetBlock, c.SourceBlock, pool);
}

/// <summary>
/// Activations of one side (encoder or decoder) for (maxBatch, block): the residual stream per layer [n, C], the
/// blocks' buffers, the embedding dropout mask, the final LayerNorm [n, C] with its statistics, the key-padding flags
/// [n] and per-row "has a non-padding key" [B]. The decoder side also has each block's <see cref="CrossBuffers"/>.
/// </summary>
internal sealed class SideBuffers
{
    public SideBuffers(ModelConfig c, int maxBatch, Seq2SeqConfig? cross, Kernels.ComputePool pool)
    {
        int n = maxBatch * c.Block, nc = n * c.DModel;
        Resid = [.. Enumerable.Range(0, c.Layers + 1).Select(_ => new float[nc])];
        Blocks = [.. Enumerable.Range(0, c.Layers).Select(_ => new BlockBuffers(maxBatch, c))];
        Cross = cross is null ? [] : [.. Enumerable.Range(0, c.Layers).Select(_ => new CrossBuffers(maxBatch, cross, pool))];
        EmbMask = c.Dropout > 0 ? new float[nc] : [];
        Ln = new float[nc];
        LnMean = new float[n];
        LnRstd = new float[n];
        Pad = new bool[n];
        HasKeys = new bool[maxBatch];
    }

    public float[][] Resid { get; }

    public BlockBuffers[] Blocks { get; }

    public CrossBuffers[] Cross { get; }

    public float[] EmbMask { get; }

    public float[] Ln { get; }

    public float[] LnMean { get; }

    public float[] LnRstd { get; }

    public bool[] Pad { get; }

    public bool[] HasKeys { get; }
}

/// <summary>Gradient scratch shared by both sides, sized for the longer one (n = B·max(Ts, Tt) rows).</summary>
internal sealed class Seq2SeqScratch
{
    public Seq2SeqScratch(Seq2SeqConfig c, int maxBatch)
    {
        int n = maxBatch * Math.Max(c.SourceBlock, c.TargetBlock), nc = n * c.DModel;
        Tmp = new float[nc];
        DTmp = new float[nc];
        DRes = new float[nc];
        DLn = new float[nc];
        DAttY = new float[nc];
        DQ = new float[nc];
        DY = new float[nc];
        DQkv = new float[3 * nc];
        DAct = new float[n * c.DFF];
        DFc1 = new float[n * c.DFF];
        int m = maxBatch * c.SourceBlock * c.DModel;
        DEnc = new float[m];
        DEncTmp = new float[m];
        DKv = new float[2 * m];
        int rows = maxBatch * c.TargetBlock;
        Logits = new float[rows * c.TargetVocab];
        DLogits = new float[rows * c.TargetVocab];
        Argmax = new int[rows];
        Targets = new int[rows];
    }

    public float[] Tmp { get; }

    public float[] DTmp { get; }

    public float[] DRes { get; }

    public float[] DLn { get; }

    public float[] DAttY { get; }

    public float[] DQ { get; }

    public float[] DY { get; }

    public float[] DQkv { get; }

    public float[] DAct { get; }

    public float[] DFc1 { get; }

    public float[] DEnc { get; }

    public float[] DEncTmp { get; }

    public float[] DKv { get; }

    public float[] Logits { get; }

    public float[] DLogits { get; }

    public int[] Argmax { get; }

    public int[] Targets { get; }
}
