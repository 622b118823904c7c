using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Optim;

/// <summary>
/// <c>torch.optim.Adam</c> / <c>AdamW</c> (1.13, amsgrad off). Adam: g += wd·p. AdamW: p *= 1 − lr·wd first.
/// m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + eps).
/// State: <c>exp_avg</c>, <c>exp_avg_sq</c>. The element loop is <see cref="AdamKernel"/> (vectorised, bitwise equal to scalar).
/// </summary>
internal sealed class Adam : OptimizerBase
{
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly float _eps;
    private readonly double _wd;
    private readonly bool _decoupled;

    public Adam(OptimizerConfig config, int size)
        : base(size, "exp_avg", "exp_avg_sq")
    {
        _beta1 = config.Beta1;
        _beta2 = config.Beta2;
        _eps = (float)config.EffectiveEps;
        _wd = config.EffectiveWeightDecay;
        _decoupled = config.Kind == OptimizerKind.AdamW;
    }

    protected override void Update(Span<float> p, ReadOnlySpan<float> g, double lr)
    {
        double t = StepCount;
        var step = new AdamStep(
            Beta1: (float)_beta1,
            Beta2: (float)_beta2,
            OneMinusBeta1: (float)(1.0 - _beta1),
            OneMinusBeta2: (float)(1.0 - _beta2),
            StepSize: (float)(lr / (1.0 - Math.Pow(_beta1, t))),
            Bc2Sqrt: (float)Math.Sqrt(1.0 - Math.Pow(_beta2, t)),
            Eps: _eps,
            L2: _decoupled ? 0f : (float)_wd,
            Decay: _decoupled ? (float)(1.0 - (lr * _wd)) : 1f);
        AdamKernel.Update(p, g, StateArray(0), StateArray(1), step);
    }
}
