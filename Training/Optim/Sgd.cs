namespace SweepCluster.Training.Optim;

/// <summary>
/// <c>torch.optim.SGD</c> (1.13): d = g + wd·p; with momentum, buf = d on the first step, else buf = μ·buf + (1−τ)·d;
/// d = Nesterov ? d + μ·buf : buf; p −= lr·d. State: <c>momentum_buffer</c> (only with momentum).
/// </summary>
internal sealed class Sgd : OptimizerBase
{
    private readonly float _momentum;
    private readonly float _dampening;
    private readonly bool _nesterov;
    private readonly float _wd;

    public Sgd(OptimizerConfig config, int size)
        : base(size, config.Momentum > 0 ? ["momentum_buffer"] : [])
    {
        _momentum = config.Momentum;
        _dampening = config.Dampening;
        _nesterov = config.Nesterov;
        _wd = config.EffectiveWeightDecay;
    }

    protected override void Update(Span<float> p, ReadOnlySpan<float> g, float lr)
    {
        float[] buf = _momentum > 0 ? StateArray(0) : [];
        bool first = StepCount == 1;
        float oneMinusDamp = 1f - _dampening;
        for (int i = 0; i < p.Length; i++)
        {
            float d = _wd != 0 ? g[i] + (_wd * p[i]) : g[i];
            if (_momentum > 0)
            {
                buf[i] = first ? d : (buf[i] * _momentum) + (oneMinusDamp * d);
                d = _nesterov ? d + (_momentum * buf[i]) : buf[i];
            }

            p[i] -= lr * d;
        }
    }
}
