namespace SweepCluster.Training.Optim;

/// <summary>
/// <c>torch.optim.Adam</c> / <c>AdamW</c> (1.13, amsgrad off). Adam: g += wd·p. AdamW: p *= 1 − lr·wd first.
/// m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + eps).
/// State: <c>exp_avg</c>, <c>exp_avg_sq</c>.
/// </summary>
internal sealed class Adam : OptimizerBase
{
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _eps;
    private readonly float _wd;
    private readonly bool _decoupled;

    public Adam(OptimizerConfig config, int size)
        : base(size, "exp_avg", "exp_avg_sq")
    {
        _beta1 = config.Beta1;
        _beta2 = config.Beta2;
        _eps = config.EffectiveEps;
        _wd = config.EffectiveWeightDecay;
        _decoupled = config.Kind == OptimizerKind.AdamW;
    }

    protected override void Update(Span<float> p, ReadOnlySpan<float> g, float lr)
    {
        float[] m = StateArray(0);
        float[] v = StateArray(1);
        double t = StepCount;
        double bc1 = 1.0 - Math.Pow(_beta1, t);
        double bc2 = 1.0 - Math.Pow(_beta2, t);
        float stepSize = (float)(lr / bc1);
        float bc2Sqrt = (float)Math.Sqrt(bc2);
        float oneMinusB1 = (float)(1.0 - _beta1);
        float oneMinusB2 = (float)(1.0 - _beta2);
        float decay = (float)(1.0 - ((double)lr * _wd));
        bool l2 = !_decoupled && _wd != 0;
        bool decoupled = _decoupled && _wd != 0;
        for (int i = 0; i < p.Length; i++)
        {
            float gi = l2 ? g[i] + (_wd * p[i]) : g[i];
            if (decoupled)
            {
                p[i] *= decay;
            }

            m[i] = (m[i] * _beta1) + (oneMinusB1 * gi);
            v[i] = (v[i] * _beta2) + (oneMinusB2 * gi * gi);
            float denom = (MathF.Sqrt(v[i]) / bc2Sqrt) + _eps;
            p[i] -= stepSize * (m[i] / denom);
        }
    }
}
