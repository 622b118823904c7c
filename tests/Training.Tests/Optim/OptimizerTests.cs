using SweepCluster.Training.Optim;

namespace SweepCluster.Training.Tests.Optim;

/// <summary>Optimizer steps on one- and two-element cases worked out by hand from PyTorch 1.13's update rules.</summary>
public sealed class OptimizerTests
{
    [Fact]
    public void SgdStep_NoMomentumWithDecay_SubtractsLrTimesDecayedGradient()
    {
        IOptimizer sgd = new OptimizerConfig { Kind = OptimizerKind.Sgd, WeightDecay = 0.1f }.Create(1);
        float[] p = [2f];

        sgd.Step(p, [0.5f], 0.1f);

        Assert.Equal(2f - (0.1f * (0.5f + 0.2f)), p[0], 6);
        Assert.Empty(sgd.StateNames);
    }

    [Fact]
    public void SgdStep_MomentumTwoSteps_BufferStartsAtGradientThenDampened()
    {
        IOptimizer sgd = new OptimizerConfig { Kind = OptimizerKind.Sgd, Momentum = 0.9f, Dampening = 0.5f }.Create(1);
        float[] p = [1f];

        sgd.Step(p, [1f], 0.1f);
        Assert.Equal(1f, sgd.State("momentum_buffer")[0]);
        Assert.Equal(0.9f, p[0], 6);
        sgd.Step(p, [2f], 0.1f);

        Assert.Equal((0.9f * 1f) + (0.5f * 2f), sgd.State("momentum_buffer")[0], 6);
        Assert.Equal(0.9f - (0.1f * 1.9f), p[0], 6);
    }

    [Fact]
    public void SgdStep_Nesterov_UsesGradientPlusMomentumTimesBuffer()
    {
        IOptimizer sgd = new OptimizerConfig { Kind = OptimizerKind.Sgd, Momentum = 0.9f, Nesterov = true }.Create(1);
        float[] p = [0f];

        sgd.Step(p, [1f], 1f);
        Assert.Equal(-1.9f, p[0], 6);
        sgd.Step(p, [1f], 1f);

        // buf = 0.9·1 + 1 = 1.9; d = 1 + 0.9·1.9 = 2.71
        Assert.Equal(-1.9f - 2.71f, p[0], 5);
    }

    [Fact]
    public void AdamStep_FirstStep_MovesByLrTimesSign()
    {
        IOptimizer adam = new OptimizerConfig { Kind = OptimizerKind.Adam }.Create(2);
        float[] p = [1f, 1f];

        adam.Step(p, [0.3f, -2f], 0.01f);

        // m̂ = g, v̂ = g², update = lr·g/(|g| + eps)
        Assert.Equal(1f - 0.01f, p[0], 6);
        Assert.Equal(1f + 0.01f, p[1], 6);
        Assert.Equal(0.1f * 0.3f, adam.State("exp_avg")[0], 7);
        Assert.Equal(0.001f * 4f, adam.State("exp_avg_sq")[1], 7);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void AdamStep_SecondStep_AppliesBiasCorrection()
    {
        IOptimizer adam = new OptimizerConfig { Kind = OptimizerKind.Adam }.Create(1);
        float[] p = [0f];
        adam.Step(p, [1f], 0.1f);
        float afterFirst = p[0];

        adam.Step(p, [3f], 0.1f);

        double m = (0.9 * 0.1) + (0.1 * 3);
        double v = (0.999 * 0.001) + (0.001 * 9);
        double expected = afterFirst - (0.1 / (1 - (0.9 * 0.9)) * m / ((Math.Sqrt(v) / Math.Sqrt(1 - (0.999 * 0.999))) + 1e-8));
        Assert.Equal(expected, p[0], 5);
    }

    [Fact]
    public void AdamWStep_ZeroGradient_OnlyDecoupledDecay()
    {
        IOptimizer adamw = new OptimizerConfig { Kind = OptimizerKind.AdamW, WeightDecay = 0.5f }.Create(1);
        float[] p = [2f];

        adamw.Step(p, [0f], 0.1f);

        Assert.Equal(2f * (1f - 0.05f), p[0], 6);
    }

    [Fact]
    public void AdamStep_L2Decay_EntersTheMoments()
    {
        IOptimizer adam = new OptimizerConfig { Kind = OptimizerKind.Adam, WeightDecay = 0.5f }.Create(1);
        float[] p = [2f];

        adam.Step(p, [0f], 0.1f);

        Assert.Equal(0.1f * 1f, adam.State("exp_avg")[0], 6);
        Assert.Equal(1.9f, p[0], 5);
    }

    [Fact]
    public void AdagradStep_TwoSteps_AccumulatesSquaresAndDecaysLr()
    {
        IOptimizer adagrad = new OptimizerConfig { Kind = OptimizerKind.Adagrad, LrDecay = 1f }.Create(1);
        float[] p = [0f];

        adagrad.Step(p, [3f], 0.1f);
        Assert.Equal(-0.1f, p[0], 6);
        adagrad.Step(p, [4f], 0.1f);

        // clr = 0.1/(1 + 1·1) = 0.05; sum = 25; update = 0.05·4/5
        Assert.Equal(25f, adagrad.State("sum")[0]);
        Assert.Equal(-0.1f - 0.04f, p[0], 6);
    }

    [Fact]
    public void RmsPropStep_Plain_DividesBySquareAverageRoot()
    {
        IOptimizer rms = new OptimizerConfig { Kind = OptimizerKind.RmsProp }.Create(1);
        float[] p = [0f];

        rms.Step(p, [2f], 0.01f);

        // sq = 0.01·4 = 0.04; avg = 0.2; update = 0.01·2/0.2
        Assert.Equal(-0.1f, p[0], 5);
        Assert.Equal(["square_avg"], rms.StateNames);
    }

    [Fact]
    public void RmsPropStep_CenteredWithMomentum_UsesVarianceAndBuffer()
    {
        IOptimizer rms = new OptimizerConfig { Kind = OptimizerKind.RmsProp, Centered = true, Momentum = 0.5f, Alpha = 0.5f }.Create(1);
        float[] p = [0f];

        rms.Step(p, [2f], 0.1f);

        // sq = 0.5·4 = 2; ga = 0.5·2 = 1; avg = √(2 − 1) = 1; buf = 2/1 = 2; p = −0.1·2
        Assert.Equal(-0.2f, p[0], 5);
        Assert.Equal(2f, rms.State("momentum_buffer")[0], 5);
        Assert.Equal(1f, rms.State("grad_avg")[0], 5);
    }

    [Fact]
    public void Create_NesterovWithoutMomentum_ThrowsNamingField()
    {
        var e = Assert.Throws<ArgumentException>(() => new OptimizerConfig { Kind = OptimizerKind.Sgd, Nesterov = true }.Create(1));

        Assert.Contains("Nesterov", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void State_RestoredIntoFreshOptimizer_ContinuesIdentically()
    {
        var config = new OptimizerConfig { Kind = OptimizerKind.AdamW };
        IOptimizer a = config.Create(3);
        float[] pa = [1f, -1f, 0.5f];
        a.Step(pa, [0.1f, 0.2f, -0.3f], 0.01f);
        IOptimizer b = config.Create(3);
        float[] pb = [.. pa];
        foreach (string name in a.StateNames)
        {
            a.State(name).CopyTo(b.State(name));
        }

        b.StepCount = a.StepCount;
        a.Step(pa, [0.3f, -0.1f, 0.2f], 0.01f);
        b.Step(pb, [0.3f, -0.1f, 0.2f], 0.01f);

        Assert.Equal(pa, pb);
    }

    [Fact]
    public void ClipByGlobalNorm_AboveMax_ScalesToMaxAndReturnsNorm()
    {
        float[] g = [3f, 4f];

        double norm = GradientClipping.ClipByGlobalNorm(g, 1.0);

        Assert.Equal(5.0, norm, 10);
        Assert.Equal(0.6f, g[0], 5);
        Assert.Equal(0.8f, g[1], 5);
    }

    [Fact]
    public void ClipByGlobalNorm_BelowMax_LeavesGradients()
    {
        float[] g = [0.3f, 0.4f];

        GradientClipping.ClipByGlobalNorm(g, 1.0);

        Assert.Equal([0.3f, 0.4f], g);
    }

    [Theory]
    [InlineData("Adam")]
    [InlineData("AdamW")]
    public void AdamStep_VectorisedLoop_BitwiseEqualsOneElementOptimizers(string kind)
    {
        var config = new OptimizerConfig { Kind = Enum.Parse<OptimizerKind>(kind), WeightDecay = 0.05 };
        const int n = 37;
        float[] p = SweepCluster.Training.Tests.Model.GradientCheck.Random(n, 1f, 1);
        float[] g1 = SweepCluster.Training.Tests.Model.GradientCheck.Random(n, 1f, 2);
        float[] g2 = SweepCluster.Training.Tests.Model.GradientCheck.Random(n, 1f, 3);
        float[] single = [.. p];
        IOptimizer whole = config.Create(n);

        whole.Step(p, g1, 0.01);
        whole.Step(p, g2, 0.01);
        for (int i = 0; i < n; i++)
        {
            IOptimizer one = config.Create(1);
            one.Step(single.AsSpan(i, 1), g1.AsSpan(i, 1), 0.01);
            one.Step(single.AsSpan(i, 1), g2.AsSpan(i, 1), 0.01);
        }

        Assert.Equal(single, p);
    }
}
