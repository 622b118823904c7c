using SweepCluster.Training.Common;
using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Model;

/// <summary>
/// Each layer's Backward against finite differences of its Forward, through the scalar loss L = Σ w·y with random w
/// (rule in <see cref="GradientCheck"/>). Parameter gradients are checked to accumulate onto existing values.
/// </summary>
public sealed class LayerGradientTests
{
    [Fact]
    public void LinearBackward_RandomInputs_MatchesFiniteDifferences()
    {
        const int n = 3, inF = 4, outF = 5;
        float[] x = GradientCheck.Random(n * inF, 1f, 1), w = GradientCheck.Random(outF * inF, 0.5f, 2);
        float[] b = GradientCheck.Random(outF, 0.5f, 3), dyW = GradientCheck.Random(n * outF, 1f, 4);
        var y = new float[n * outF];
        double Loss()
        {
            Linear.Forward(ComputePool.Single, y, x, w, b, n, inF, outF);
            return GradientCheck.Weighted(y, dyW);
        }

        var dx = new float[x.Length];
        float[] dw = Filled(w.Length, 0.25f), db = Filled(b.Length, 0.25f);
        Linear.Backward(ComputePool.Single, dx, dw, db, dyW, x, w, n, inF, outF);

        GradientCheck.AssertClose("dx", () => x, dx, Loss);
        GradientCheck.AssertClose("dw", () => w, Minus(dw, 0.25f), Loss);
        GradientCheck.AssertClose("db", () => b, Minus(db, 0.25f), Loss);
    }

    [Fact]
    public void LayerNormBackward_RandomInputs_MatchesFiniteDifferences()
    {
        const int rows = 3, cols = 6;
        float[] x = GradientCheck.Random(rows * cols, 1f, 5), gamma = GradientCheck.Random(cols, 1f, 6);
        float[] beta = GradientCheck.Random(cols, 1f, 7), dyW = GradientCheck.Random(rows * cols, 1f, 8);
        float[] y = new float[x.Length], mean = new float[rows], rstd = new float[rows];
        double Loss()
        {
            LayerNorm.Forward(y, mean, rstd, x, gamma, beta, rows, cols);
            return GradientCheck.Weighted(y, dyW);
        }

        Loss();
        var dx = new float[x.Length];
        float[] dg = Filled(cols, 1f), dbeta = Filled(cols, 1f);
        LayerNorm.Backward(dx, dg, dbeta, dyW, x, gamma, mean, rstd, rows, cols);

        GradientCheck.AssertClose("dx", () => x, dx, Loss);
        GradientCheck.AssertClose("dgamma", () => gamma, Minus(dg, 1f), Loss);
        GradientCheck.AssertClose("dbeta", () => beta, Minus(dbeta, 1f), Loss);
    }

    [Theory]
    [InlineData("Gelu")]
    [InlineData("Relu")]
    public void ActivationBackward_RandomInputs_MatchesFiniteDifferences(string kind)
    {
        var act = Enum.Parse<ActivationKind>(kind);
        float[] x = GradientCheck.Random(40, 3f, 9), dyW = GradientCheck.Random(40, 1f, 10);
        var y = new float[x.Length];
        double Loss()
        {
            Activation.Forward(act, y, x);
            return GradientCheck.Weighted(y, dyW);
        }

        var dx = new float[x.Length];
        Activation.Backward(act, dx, dyW, x);

        GradientCheck.AssertClose(kind, () => x, dx, Loss, allowKinks: act == ActivationKind.Relu);
    }

    [Fact]
    public void EmbeddingBackward_RepeatedIds_AccumulatesTokenAndPositionGradients()
    {
        const int b = 2, t = 3, d = 4, vocab = 5;
        int[] ids = [1, 3, 1, 4, 1, 0];
        float[] tok = GradientCheck.Random(vocab * d, 1f, 11), pos = GradientCheck.Random(t * d, 1f, 12);
        float[] dyW = GradientCheck.Random(b * t * d, 1f, 13);
        var x = new float[b * t * d];
        double Loss()
        {
            Embedding.Forward(x, ids, tok, pos, b, t, d);
            return GradientCheck.Weighted(x, dyW);
        }

        float[] dtok = Filled(tok.Length, 0.5f), dpos = Filled(pos.Length, 0.5f);
        Embedding.Backward(dtok, dpos, dyW, ids, b, t, d);

        GradientCheck.AssertClose("dtok", () => tok, Minus(dtok, 0.5f), Loss);
        GradientCheck.AssertClose("dpos", () => pos, Minus(dpos, 0.5f), Loss);
        Assert.All(Minus(dtok, 0.5f).AsSpan(2 * d, d).ToArray(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData("Learned", "LanguageModel", 2, 0f)]
    [InlineData("Alibi", "LanguageModel", 3, 0f)]
    [InlineData("Alibi", "Classifier", 6, 0f)]
    [InlineData("Rope", "LanguageModel", 2, 0f)]
    [InlineData("Rope", "Classifier", 3, 0f)]
    [InlineData("None", "Classifier", 2, 0.4f)]
    [InlineData("Learned", "LanguageModel", 3, 0.4f)]
    public void AttentionBackward_EachVariant_MatchesFiniteDifferences(string position, string headKind, int heads, float dropout)
    {
        const int b = 2, t = 4, c = 12;
        var config = new ModelConfig
        {
            DModel = c, Heads = heads, Block = t, Positional = Enum.Parse<PositionalScheme>(position),
            Head = Enum.Parse<HeadKind>(headKind), Dropout = dropout,
        };
        var attention = new Attention(config, b, ComputePool.Single);
        var buf = new AttentionBuffers(b, config);
        if (dropout > 0)
        {
            Dropout.Sample(buf.Mask, dropout, new Xoshiro256(3));
        }

        bool[] pad = [false, false, false, false, false, true, false, true];
        bool[] rowHasKeys = [true, true];
        float[] qkv = GradientCheck.Random(b * t * 3 * c, 1.5f, 14), dyW = GradientCheck.Random(b * t * c, 1f, 15);
        var y = new float[b * t * c];
        double Loss()
        {
            attention.Forward(buf, qkv, y, pad, rowHasKeys, dropout > 0, b, t);
            return GradientCheck.Weighted(y, dyW);
        }

        Loss();
        var dqkv = new float[qkv.Length];
        attention.Backward(buf, dqkv, dyW, b, t);

        GradientCheck.AssertClose($"{position}/{headKind}", () => qkv, dqkv, Loss);
        if (config.Head == HeadKind.Classifier)
        {
            // keys at padding positions receive no attention, hence no key/value gradient
            Assert.All(dqkv.AsSpan(((1 * t) + 1) * 3 * c, 3 * c)[c..].ToArray(), v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void PoolBackward_PaddedSequences_MatchesFiniteDifferences()
    {
        const int b = 3, t = 3, c = 2;
        bool[] pad = [false, true, true, false, false, false, true, true, true];
        bool[] rowHasKeys = [true, true, false];
        float[] h = GradientCheck.Random(b * t * c, 1f, 16), dyW = GradientCheck.Random(b * c, 1f, 17);
        var pooled = new float[b * c];
        double Loss()
        {
            ClassifierHead.PoolForward(pooled, h, pad, rowHasKeys, b, t, c);
            return GradientCheck.Weighted(pooled, dyW);
        }

        Loss();
        Assert.Equal(h[0], pooled[0]);
        var dh = new float[h.Length];
        ClassifierHead.PoolBackward(dh, dyW, pad, rowHasKeys, b, t, c);

        GradientCheck.AssertClose("dh", () => h, dh, Loss);
    }

    [Fact]
    public void DropoutSample_ManyDraws_KeepsAboutOneMinusPScaled()
    {
        var mask = new float[20000];
        Dropout.Sample(mask, 0.25f, new Xoshiro256(1));

        int kept = mask.Count(m => m != 0);
        Assert.All(mask, m => Assert.True(m == 0f || m == 1f / 0.75f));
        Assert.InRange(kept / 20000.0, 0.74, 0.76);
    }

    private static float[] Filled(int n, float v)
    {
        var a = new float[n];
        Array.Fill(a, v);
        return a;
    }

    private static float[] Minus(float[] a, float v) => [.. a.Select(x => x - v)];
}
