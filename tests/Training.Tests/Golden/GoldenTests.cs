using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using Xunit.Abstractions;

namespace SweepCluster.Training.Tests.Golden;

/// <summary>The engine against PyTorch 1.13 on committed fixtures (rule in <see cref="GoldenComparison"/>).</summary>
public sealed class GoldenTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaseNames() => [.. GoldenCase.All.Select(c => c.Name)];

    public static TheoryData<string> OptimizerNames() => [.. GoldenCase.Optimizers.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ForwardBackward_GoldenCase_MatchesPyTorch(string name)
    {
        GoldenCase c = GoldenCase.All.Single(x => x.Name == name);
        var fixture = new GoldenFixture(name);
        TransformerModel model = c.CreateModel();
        Assert.Equal(fixture.ParamsSha256, GoldenCase.Sha256(model.Parameters));
        Assert.Equal(fixture.Tokens, c.Tokens());
        Assert.Equal(fixture.Targets, c.Targets());

        model.ZeroGrad();
        double loss = c.Config.Head == HeadKind.LanguageModel
            ? model.TrainLanguageModel(c.Tokens(), c.Targets(), GoldenCase.Batch)
            : model.TrainClassifier(c.Tokens(), c.Targets(), GoldenCase.Batch);

        float[] grads = fixture.Floats("grads.bin");
        output.WriteLine($"{name}: loss {loss:R} vs {fixture.Loss:R}; worst gradient ratio {GoldenComparison.WorstRatio(model.Tensors, model.Gradients, grads):G3}");
        Assert.True(Math.Abs(loss - fixture.Loss) <= GoldenComparison.Tolerance * Math.Abs(fixture.Loss), $"loss {loss} vs {fixture.Loss}");
        GoldenComparison.AssertClose("logits", model.Logits, fixture.Floats("logits.bin"));
        GoldenComparison.AssertClosePerTensor("grad", model.Tensors, model.Gradients, grads);
        float[] clipped = model.Gradients.ToArray();
        double norm = GradientClipping.ClipByGlobalNorm(clipped, GoldenCase.ClipMaxNorm);
        Assert.True(Math.Abs(norm - fixture.ClipNorm) <= GoldenComparison.Tolerance * fixture.ClipNorm, $"norm {norm} vs {fixture.ClipNorm}");
    }

    [Theory]
    [MemberData(nameof(OptimizerNames))]
    public void OptimizerTwoSteps_GoldenGradients_MatchPyTorch(string name)
    {
        GoldenCase c = GoldenCase.All.Single(x => x.WithOptimizers);
        (_, OptimizerConfig config, float lr) = GoldenCase.Optimizers.Single(o => o.Name == name);
        var fixture = new GoldenFixture(c.Name);
        TransformerModel model = c.CreateModel();
        float[] before = model.Parameters.ToArray();
        float[] g = fixture.Floats("grads.bin");
        IOptimizer optimizer = config.Create(model.ParameterCount);

        optimizer.Step(model.Parameters, g, lr);
        optimizer.Step(model.Parameters, GoldenCase.SecondGradient(g), lr);

        float[] delta = new float[before.Length];
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] = model.Parameters[i] - before[i];
        }

        float[] expected = fixture.Floats($"opt_{name}.bin");
        output.WriteLine($"{name}: worst update ratio {GoldenComparison.WorstRatio(model.Tensors, delta, expected):G3}");
        Assert.Equal(2, optimizer.StepCount);
        GoldenComparison.AssertClosePerTensor(name, model.Tensors, delta, expected);
    }
}
