namespace SweepCluster.Coordinator.Sweeps.Schedulers;

/// <summary>Which early-stopping rule a sweep uses.</summary>
internal enum SchedulerKind
{
    /// <summary>No early stopping.</summary>
    Fifo,

    /// <summary>Asynchronous successive halving.</summary>
    Asha,

    /// <summary>Median stopping rule.</summary>
    Median,

    /// <summary>Asynchronous Hyperband: ASHA brackets with graces min_t·η^b.</summary>
    Hyperband,

    /// <summary>Population-based training.</summary>
    Pbt,
}

/// <summary>The unit in which scheduler time is counted.</summary>
internal enum TimeAttr
{
    /// <summary>The report's <c>epoch</c> metric.</summary>
    Epoch,

    /// <summary>The report's training step.</summary>
    Step,

    /// <summary>The number of reports of the trial so far (1, 2, 3, ...).</summary>
    Evaluation,
}

/// <summary>Early-stopping settings of a sweep.</summary>
internal sealed record SchedulerSettings
{
    /// <summary>The rule.</summary>
    public SchedulerKind Kind { get; init; } = SchedulerKind.Fifo;

    /// <summary>The time unit of grace and max_t.</summary>
    public TimeAttr TimeAttr { get; init; } = TimeAttr.Evaluation;

    /// <summary>No trial is stopped before this much time (ASHA: the first rung).</summary>
    public double Grace { get; init; } = 1;

    /// <summary>ASHA's η: rungs grow by this factor and the top 1/η continue.</summary>
    public double ReductionFactor { get; init; } = 3;

    /// <summary>ASHA: no rung at or beyond this time (infinity: rungs up to 32).</summary>
    public double MaxT { get; init; } = double.PositiveInfinity;

    /// <summary>Median: at least this many other trials must have reported by that time.</summary>
    public int MinTrials { get; init; } = 3;

    /// <summary>PBT: perturbation interval, quantile and exploration (used when <see cref="Kind"/> is Pbt).</summary>
    public PbtSettings Pbt { get; init; } = new();
}
