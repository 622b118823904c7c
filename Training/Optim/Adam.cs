using System.Numerics;

namespace SweepCluster.Training.Optim;

/// <summary>
/// <c>torch.optim.Adam</c> / <c>AdamW</c> (1.13, amsgrad off). Adam: g += wd·p. AdamW: p *= 1 − lr·wd first.
/// m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= (lr/(1−β1ᵗ))·m / (√v/√(1−β2ᵗ) + eps).
/// State: <c>exp_avg</c>, <c>exp_avg_sq</c>.
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
        float[] m = StateArray(0);
        float[] v = StateArray(1);
        double t = StepCount;
        float stepSize = (float)(lr / (1.0 - Math.Pow(_beta1, t)));
        float bc2Sqrt = (float)Math.Sqrt(1.0 - Math.Pow(_beta2, t));
        float b1 = (float)_beta1, b2 = (float)_beta2;
        float oneMinusB1 = (float)(1.0 - _beta1);
        float oneMinusB2 = (float)(1.0 - _beta2);
        float decay = (float)(1.0 - (lr * _wd));
        float wd = (float)_wd;
        bool l2 = !_decoupled && _wd != 0;
        bool decoupled = _decoupled && _wd != 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vb1 = new Vector<float>(b1);
            var vb2 = new Vector<float>(b2);
            var vomb1 = new Vector<float>(oneMinusB1);
            var vomb2 = new Vector<float>(oneMinusB2);
            var vbc2 = new Vector<float>(bc2Sqrt);
            var veps = new Vector<float>(_eps);
            var vstep = new Vector<float>(stepSize);
            var vdecay = new Vector<float>(decay);
            var vwd = new Vector<float>(wd);
            for (; i + Vector<float>.Count <= p.Length; i += Vector<float>.Count)
            {
                // the same operations in the same order as the scalar loop below, so results are bitwise equal
                var pi = new Vector<float>(p[i..]);
                var gi = new Vector<float>(g[i..]);
                if (l2)
                {
                    gi += vwd * pi;
                }

                if (decoupled)
                {
                    pi *= vdecay;
                }

                var mi = (new Vector<float>(m, i) * vb1) + (vomb1 * gi);
                var vi = (new Vector<float>(v, i) * vb2) + (vomb2 * gi * gi);
                mi.CopyTo(m, i);
                vi.CopyTo(v, i);
                var denom = (Vector.SquareRoot(vi) / vbc2) + veps;
                (pi - (vstep * (mi / denom))).CopyTo(p[i..]);
            }
        }

        for (; i < p.Length; i++)
        {
            float gi = l2 ? g[i] + (wd * p[i]) : g[i];
            if (decoupled)
            {
                p[i] *= decay;
            }

            m[i] = (m[i] * b1) + (oneMinusB1 * gi);
            v[i] = (v[i] * b2) + (oneMinusB2 * gi * gi);
            float denom = (MathF.Sqrt(v[i]) / bc2Sqrt) + _eps;
            p[i] -= stepSize * (m[i] / denom);
        }
    }
}
