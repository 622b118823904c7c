using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Model;

public sealed class ModelInitTests
{
    private static readonly ModelConfig Config = new() { Vocab = 300, DModel = 32, Heads = 2, Layers = 1, DFF = 64, Block = 16 };

    [Fact]
    public void Init_PyTorch_EmbeddingsUnitNormalLinearsUniformInFanInBound()
    {
        var model = new TransformerModel(Config with { Init = InitScheme.PyTorch }, 1, ComputePool.Single, 7);
        float[] emb = Tensor(model, "tok_emb.weight");
        double mean = emb.Average(v => (double)v);
        double std = Math.Sqrt(emb.Average(v => (v - mean) * (v - mean)));
        Assert.InRange(std, 0.95, 1.05);
        AssertUniform(Tensor(model, "blocks.0.fc2.weight"), 1 / Math.Sqrt(64));
        AssertUniform(Tensor(model, "blocks.0.fc2.bias"), 1 / Math.Sqrt(64));
        AssertUniform(Tensor(model, "head.bias"), 1 / Math.Sqrt(32));
        Assert.All(Tensor(model, "blocks.0.ln1.weight"), v => Assert.Equal(1f, v));
        Assert.All(Tensor(model, "ln_f.bias"), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Init_Normal_SmallWeightsAndZeroBiases()
    {
        var model = new TransformerModel(Config, 1, ComputePool.Single, 7);
        Assert.InRange(Tensor(model, "tok_emb.weight").Max(Math.Abs), 0.02, 0.2);
        Assert.All(Tensor(model, "blocks.0.fc2.bias"), v => Assert.Equal(0f, v));
    }

    private static void AssertUniform(float[] v, double bound)
    {
        Assert.All(v, x => Assert.InRange(Math.Abs(x), 0, bound));
        Assert.True(v.Max(Math.Abs) > 0.8 * bound, $"largest {v.Max(Math.Abs)} of bound {bound}");
    }

    private static float[] Tensor(TransformerModel model, string name) =>
        model.Parameters.Slice(model.Tensors[name].Offset, model.Tensors[name].Length).ToArray();
}
