namespace SweepCluster.Training.Optim;

/// <summary>The optimizers, with PyTorch 1.13's update rules.</summary>
internal enum OptimizerKind
{
    /// <summary><c>torch.optim.SGD</c> (momentum, dampening, Nesterov, L2 weight decay).</summary>
    Sgd,

    /// <summary><c>torch.optim.Adam</c> (L2 weight decay added to the gradient).</summary>
    Adam,

    /// <summary><c>torch.optim.AdamW</c> (decoupled weight decay).</summary>
    AdamW,

    /// <summary><c>torch.optim.Adagrad</c> (initial accumulator 0).</summary>
    Adagrad,

    /// <summary><c>torch.optim.RMSprop</c>.</summary>
    RmsProp,
}

/// <summary>Optimizer hyper-parameters; a null field takes PyTorch's default for <see cref="Kind"/>.</summary>
internal sealed record OptimizerConfig
{
    /// <summary>Which optimizer.</summary>
    public OptimizerKind Kind { get; init; } = OptimizerKind.AdamW;

    /// <summary>Weight decay (null: 0.01 for AdamW, 0 otherwise).</summary>
    public float? WeightDecay { get; init; }

    /// <summary>Denominator epsilon (null: 1e-10 for Adagrad, 1e-8 otherwise).</summary>
    public float? Eps { get; init; }

    /// <summary>Adam/AdamW first-moment decay.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam/AdamW second-moment decay.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>SGD/RMSprop momentum (0 = none).</summary>
    public float Momentum { get; init; }

    /// <summary>SGD momentum dampening.</summary>
    public float Dampening { get; init; }

    /// <summary>SGD Nesterov momentum (needs momentum &gt; 0 and dampening 0).</summary>
    public bool Nesterov { get; init; }

    /// <summary>RMSprop smoothing constant.</summary>
    public float Alpha { get; init; } = 0.99f;

    /// <summary>RMSprop centred variant (normalise by the variance estimate).</summary>
    public bool Centered { get; init; }

    /// <summary>Adagrad learning-rate decay per step.</summary>
    public float LrDecay { get; init; }

    /// <summary>The weight decay in effect.</summary>
    public float EffectiveWeightDecay => WeightDecay ?? (Kind == OptimizerKind.AdamW ? 0.01f : 0f);

    /// <summary>The epsilon in effect.</summary>
    public float EffectiveEps => Eps ?? (Kind == OptimizerKind.Adagrad ? 1e-10f : 1e-8f);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Require(Enum.IsDefined(Kind), nameof(Kind), "is not a known optimizer");
        Require(EffectiveWeightDecay >= 0, nameof(WeightDecay), "must not be negative");
        Require(EffectiveEps >= 0, nameof(Eps), "must not be negative");
        Require(Beta1 is >= 0 and < 1, nameof(Beta1), "must be in [0, 1)");
        Require(Beta2 is >= 0 and < 1, nameof(Beta2), "must be in [0, 1)");
        Require(Momentum >= 0, nameof(Momentum), "must not be negative");
        Require(Alpha >= 0, nameof(Alpha), "must not be negative");
        Require(LrDecay >= 0, nameof(LrDecay), "must not be negative");
        Require(!Nesterov || (Momentum > 0 && Dampening == 0), nameof(Nesterov), "needs momentum > 0 and dampening 0");
    }

    /// <summary>Creates the optimizer for <paramref name="size"/> parameters.</summary>
    public IOptimizer Create(int size)
    {
        Validate();
        return Kind switch
        {
            OptimizerKind.Sgd => new Sgd(this, size),
            OptimizerKind.Adam or OptimizerKind.AdamW => new Adam(this, size),
            OptimizerKind.Adagrad => new Adagrad(this, size),
            _ => new RmsProp(this, size),
        };
    }

    private static void Require(bool ok, string field, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"optimizer: {field} {message}.", field);
        }
    }
}
