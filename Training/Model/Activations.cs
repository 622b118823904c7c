namespace SweepCluster.Training.Model;

/// <summary>
/// Every activation and backward scratch buffer of a model, preallocated for (maxBatch, block); n = maxBatch·block.
/// Shapes: Resid[l] [n, C] (input of block l; Resid[layers] feeds ln_f); EmbMask [n, C]; LnF [n, C], LnFMean/Rstd [n];
/// Logits, DLogits [n, vocab] or [B, classes]; Argmax [n]; Pad [n]; RowHasKeys [B]; classifier Pooled [B, C],
/// Z1, A1 [B, hidden]; scratch Tmp, DRes, DTmp, DLn, DAttY [n, C], DQkv [n, 3C], DFc1, DAct [n, F],
/// DPooled [B, C], DZ1, DA1 [B, hidden].
/// </summary>
internal sealed class Activations
{
    public Activations(ModelConfig c, int maxBatch)
    {
        int n = maxBatch * c.Block;
        int nc = n * c.DModel;
        Resid = new float[c.Layers + 1][];
        for (int l = 0; l <= c.Layers; l++)
        {
            Resid[l] = new float[nc];
        }

        Blocks = new BlockBuffers[c.Layers];
        for (int l = 0; l < c.Layers; l++)
        {
            Blocks[l] = new BlockBuffers(maxBatch, c);
        }

        EmbMask = c.Dropout > 0 ? new float[nc] : [];
        LnF = new float[nc];
        LnFMean = new float[n];
        LnFRstd = new float[n];
        bool lm = c.Head == HeadKind.LanguageModel;
        Logits = new float[lm ? n * c.Vocab : maxBatch * c.Classes];
        DLogits = new float[Logits.Length];
        Argmax = new int[n];
        Pad = new bool[n];
        RowHasKeys = new bool[maxBatch];
        int hidden = lm ? 0 : maxBatch * c.ClassifierHidden;
        Pooled = new float[lm ? 0 : maxBatch * c.DModel];
        DPooled = new float[Pooled.Length];
        Z1 = new float[hidden];
        A1 = new float[hidden];
        DZ1 = new float[hidden];
        DA1 = new float[hidden];
        Tmp = new float[nc];
        DRes = new float[nc];
        DTmp = new float[nc];
        DLn = new float[nc];
        DAttY = new float[nc];
        DQkv = new float[3 * nc];
        DFc1 = new float[n * c.DFF];
        DAct = new float[n * c.DFF];
    }

    public float[][] Resid { get; }

    public BlockBuffers[] Blocks { get; }

    public float[] EmbMask { get; }

    public float[] LnF { get; }

    public float[] LnFMean { get; }

    public float[] LnFRstd { get; }

    public float[] Logits { get; }

    public float[] DLogits { get; }

    public int[] Argmax { get; }

    public bool[] Pad { get; }

    public bool[] RowHasKeys { get; }

    public float[] Pooled { get; }

    public float[] DPooled { get; }

    public float[] Z1 { get; }

    public float[] A1 { get; }

    public float[] DZ1 { get; }

    public float[] DA1 { get; }

    public float[] Tmp { get; }

    public float[] DRes { get; }

    public float[] DTmp { get; }

    public float[] DLn { get; }

    public float[] DAttY { get; }

    public float[] DQkv { get; }

    public float[] DFc1 { get; }

    public float[] DAct { get; }
}
