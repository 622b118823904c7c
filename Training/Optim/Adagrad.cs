namespace SweepCluster.Training.Optim;

/// <summary>
/// <c>torch.optim.Adagrad</c> (1.13, initial accumulator 0): g += wd·p; clr = lr / (1 + (t−1)·lr_decay);
/// sum += g²; p −= clr·g / (√sum + eps). State: <c>sum</c>.
/// </summary>
internal sealed class Adagrad : OptimizerBase
{
    private readonly float _eps;
    private readonly float _wd;
    private readonly float _lrDecay;

    public Adagrad(OptimizerConfig config, int size)
        : base(size, "sum")
    {
        _eps = config.EffectiveEps;
        _wd = config.EffectiveWeightDecay;
        _lrDecay = config.LrDecay;
    }

    protected override void Update(Span<float> p, ReadOnlySpan<float> g, float lr)
    {
        float[] sum = StateArray(0);
        float clr = (float)(lr / (1.0 + ((StepCount - 1) * (double)_lrDecay)));
        for (int i = 0; i < p.Length; i++)
        {
            float gi = _wd != 0 ? g[i] + (_wd * p[i]) : g[i];
            sum[i] += gi * gi;
            p[i] -= clr * (gi / (MathF.Sqrt(sum[i]) + _eps));
        }
    }
}
