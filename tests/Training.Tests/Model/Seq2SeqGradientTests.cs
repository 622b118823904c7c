using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Model;

/// <summary>
/// Cross-attention and the whole encoder–decoder against finite differences (rule in <see cref="GradientCheck"/>):
/// the layer through L = Σ w·y, the model through its mean (label-smoothed) loss with dropout masks replayed.
/// </summary>
public sealed class Seq2SeqGradientTests
{
    // Two sources of length 4 (the second padded), decoder inputs of length 3, one ignored target.
    private static readonly int[] Src = [3, 5, 2, 4, 6, 7, 0, 0];
    private static readonly int[] DecIn = [1, 4, 8, 1, 9, 3];
    private static readonly int[] Targets = [4, 8, 2, 9, 3, -1];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void CrossAttentionBackward_PaddedKeys_MatchesFiniteDifferences(int heads)
    {
        const int b = 2, tq = 3, tk = 4, c = 6;
        var attention = new CrossAttention(c, heads, b, tq, tk, ComputePool.Single);
        bool[] pad = [false, false, false, true, false, true, true, true];
        float[] q = GradientCheck.Random(b * tq * c, 1.5f, 21), kv = GradientCheck.Random(b * tk * 2 * c, 1.5f, 22);
        float[] dyW = GradientCheck.Random(b * tq * c, 1f, 23);
        var y = new float[b * tq * c];
        double Loss()
        {
            attention.Forward(q, kv, y, pad, b, tq, tk);
            return GradientCheck.Weighted(y, dyW);
        }

        Loss();
        float[] dq = new float[q.Length], dkv = new float[kv.Length];
        attention.Backward(dq, dkv, dyW, b);

        GradientCheck.AssertClose("dq", () => q, dq, Loss);
        GradientCheck.AssertClose("dkv", () => kv, dkv, Loss);
        Assert.All(dkv.AsSpan(3 * 2 * c, 2 * c).ToArray(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [InlineData(false, 0f, 0f, "Learned")]
    [InlineData(true, 0f, 0f, "Sinusoidal")]
    [InlineData(false, 0.1f, 0f, "Learned")]
    [InlineData(true, 0.2f, 0.3f, "Learned")]
    public void Gradients_TinyEncoderDecoder_MatchFiniteDifferences(bool shared, float smoothing, float dropout, string position)
    {
        var config = new Seq2SeqConfig
        {
            SourceVocab = shared ? 10 : 8, TargetVocab = 10, SharedVocab = shared, DModel = 8, Heads = 2, Layers = 2, DFF = 12,
            SourceBlock = 4, TargetBlock = 3, Dropout = dropout, LabelSmoothing = smoothing,
            Positional = Enum.Parse<PositionalScheme>(position),
        };
        var model = new Seq2SeqModel(config, maxBatch: 2, GradientCheck.Pool, seed: 5);
        GradientCheck.Scramble(model.Tensors, model.Parameters, 9);
        var state = model.DropoutRngState;
        double Loss()
        {
            model.DropoutRngState = state;
            model.ZeroGrad();
            return model.Train(Src, DecIn, Targets, 2);
        }

        double trained = Loss();
        float[] analytic = model.Gradients.ToArray();
        if (dropout == 0 && smoothing == 0)
        {
            Assert.Equal(model.Evaluate(Src, DecIn, Targets, 2).MeanLoss, trained, 10);
        }

        Assert.Contains(analytic.AsSpan(model.Tensors[shared ? "tok_emb.weight" : "src_emb.weight"].Offset, 8 * 8).ToArray(), g => Math.Abs(g) > 1e-4);
        Assert.Contains(analytic.AsSpan(model.Tensors["decoder.0.cross.kv.weight"].Offset, 16 * 8).ToArray(), g => Math.Abs(g) > 1e-4);
        GradientCheck.AssertClose($"seq2seq/{shared}/{smoothing}/{dropout}", () => model.Parameters, analytic, Loss);
    }
}
