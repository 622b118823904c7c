using SweepCluster.Training.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace SweepCluster.Training.Torch;

/// <summary>
/// The engine's optimizers (<see cref="OptimizerConfig"/>: SGD with momentum/Nesterov, Adam, AdamW, Adagrad, RMSprop,
/// PyTorch 1.13 update rules) as in-place LibTorch operations per parameter tensor, with the engine's state names
/// (<c>exp_avg</c>, <c>momentum_buffer</c>, ...) so optimizer checkpoints are interchangeable.
/// </summary>
internal sealed class TorchOptimizer : IDisposable
{
    private readonly OptimizerConfig _config;
    private readonly Dictionary<string, Tensor[]> _state = new(StringComparer.Ordinal);

    /// <summary>Zero state for <paramref name="parameters"/> (in order).</summary>
    public TorchOptimizer(OptimizerConfig config, IReadOnlyList<Tensor> parameters)
    {
        _config = config;
        Parameters = parameters;
        StateNames = config.Create(1).StateNames;
        foreach (string name in StateNames)
        {
            _state[name] = [.. parameters.Select(p => zeros_like(p).requires_grad_(false))];
        }
    }

    /// <summary>The parameters updated, in order.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>State names, as the engine's optimizer of the same configuration.</summary>
    public IReadOnlyList<string> StateNames { get; }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; set; }

    /// <summary>State tensor <paramref name="name"/> of parameter <paramref name="index"/>.</summary>
    public Tensor State(string name, int index) => _state[name][index];

    /// <summary>One update of every parameter from its gradient at <paramref name="lr"/> (no autograd).</summary>
    public void Step(double lr)
    {
        StepCount++;
        using var noGrad = no_grad();
        for (int i = 0; i < Parameters.Count; i++)
        {
            Tensor p = Parameters[i];
            using Tensor? grad = p.grad;
            if (grad is null)
            {
                continue;
            }

            using var scope = NewDisposeScope();
            Update(i, p, grad, lr);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Tensor t in _state.Values.SelectMany(s => s))
        {
            t.Dispose();
        }
    }

    private void Update(int i, Tensor p, Tensor g, double lr)
    {
        OptimizerConfig c = _config;
        double wd = c.EffectiveWeightDecay;
        double eps = c.EffectiveEps;
        switch (c.Kind)
        {
            case OptimizerKind.Adam or OptimizerKind.AdamW:
            {
                double t = StepCount;
                bool decoupled = c.Kind == OptimizerKind.AdamW;
                Tensor gi = !decoupled && wd != 0 ? g + (p * (float)wd) : g;
                if (decoupled && wd != 0)
                {
                    p.mul_((float)(1.0 - (lr * wd)));
                }

                Tensor m = _state["exp_avg"][i], v = _state["exp_avg_sq"][i];
                m.mul_((float)c.Beta1).add_(gi * (float)(1.0 - c.Beta1));
                v.mul_((float)c.Beta2).add_(gi * (float)(1.0 - c.Beta2) * gi);
                Tensor denom = (v.sqrt() / (float)Math.Sqrt(1.0 - Math.Pow(c.Beta2, t))) + (float)eps;
                p.sub_((m / denom) * (float)(lr / (1.0 - Math.Pow(c.Beta1, t))));
                break;
            }

            case OptimizerKind.Sgd:
            {
                Tensor d = wd != 0 ? g + (p * (float)wd) : g;
                if (c.Momentum > 0)
                {
                    Tensor buf = _state["momentum_buffer"][i];
                    if (StepCount == 1)
                    {
                        buf.copy_(d);
                    }
                    else
                    {
                        buf.mul_((float)c.Momentum).add_(d * (float)(1.0 - c.Dampening));
                    }

                    d = c.Nesterov ? d + (buf * (float)c.Momentum) : buf;
                }

                p.sub_(d * (float)lr);
                break;
            }

            case OptimizerKind.Adagrad:
            {
                Tensor gi = wd != 0 ? g + (p * (float)wd) : g;
                Tensor sum = _state["sum"][i];
                sum.add_(gi * gi);
                float clr = (float)(lr / (1.0 + ((StepCount - 1) * c.LrDecay)));
                p.sub_((gi / (sum.sqrt() + (float)eps)) * clr);
                break;
            }

            default:
                RmsProp(i, p, g, lr, wd, eps);
                break;
        }
    }

    private void RmsProp(int i, Tensor p, Tensor g, double lr, double wd, double eps)
    {
        OptimizerConfig c = _config;
        Tensor gi = wd != 0 ? g + (p * (float)wd) : g;
        Tensor sq = _state["square_avg"][i];
        sq.mul_((float)c.Alpha).add_(gi * (float)(1.0 - c.Alpha) * gi);
        Tensor avg;
        if (c.Centered)
        {
            Tensor ga = _state["grad_avg"][i];
            ga.mul_((float)c.Alpha).add_(gi * (float)(1.0 - c.Alpha));
            avg = (sq - (ga * ga)).sqrt();
        }
        else
        {
            avg = sq.sqrt();
        }

        avg = avg + (float)eps;
        if (c.Momentum > 0)
        {
            Tensor buf = _state["momentum_buffer"][i];
            buf.mul_((float)c.Momentum).add_(gi / avg);
            p.sub_(buf * (float)lr);
        }
        else
        {
            p.sub_((gi / avg) * (float)lr);
        }
    }
}
