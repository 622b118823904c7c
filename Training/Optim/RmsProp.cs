namespace SweepCluster.Training.Optim;

/// <summary>
/// <c>torch.optim.RMSprop</c> (1.13): g += wd·p; sq = α·sq + (1−α)·g²; centred: ga = α·ga + (1−α)·g, avg = √(sq − ga²)
/// else √sq; avg += eps; with momentum buf = μ·buf + g/avg, p −= lr·buf; else p −= lr·g/avg.
/// State: <c>square_avg</c>, plus <c>momentum_buffer</c> and <c>grad_avg</c> when used.
/// </summary>
internal sealed class RmsProp : OptimizerBase
{
    private readonly float _alpha;
    private readonly float _eps;
    private readonly float _wd;
    private readonly float _momentum;
    private readonly bool _centered;

    public RmsProp(OptimizerConfig config, int size)
        : base(size, Names(config))
    {
        _alpha = config.Alpha;
        _eps = config.EffectiveEps;
        _wd = config.EffectiveWeightDecay;
        _momentum = config.Momentum;
        _centered = config.Centered;
    }

    protected override void Update(Span<float> p, ReadOnlySpan<float> g, float lr)
    {
        float[] sq = StateArray(0);
        int next = 1;
        float[] buf = _momentum > 0 ? StateArray(next++) : [];
        float[] ga = _centered ? StateArray(next) : [];
        float oneMinusAlpha = (float)(1.0 - _alpha);
        for (int i = 0; i < p.Length; i++)
        {
            float gi = _wd != 0 ? g[i] + (_wd * p[i]) : g[i];
            sq[i] = (sq[i] * _alpha) + (oneMinusAlpha * gi * gi);
            float avg;
            if (_centered)
            {
                ga[i] = (ga[i] * _alpha) + (oneMinusAlpha * gi);
                avg = MathF.Sqrt(sq[i] - (ga[i] * ga[i]));
            }
            else
            {
                avg = MathF.Sqrt(sq[i]);
            }

            avg += _eps;
            if (_momentum > 0)
            {
                buf[i] = (buf[i] * _momentum) + (gi / avg);
                p[i] -= lr * buf[i];
            }
            else
            {
                p[i] -= lr * (gi / avg);
            }
        }
    }

    private static string[] Names(OptimizerConfig config)
    {
        var names = new List<string> { "square_avg" };
        if (config.Momentum > 0)
        {
            names.Add("momentum_buffer");
        }

        if (config.Centered)
        {
            names.Add("grad_avg");
        }

        return [.. names];
    }
}
