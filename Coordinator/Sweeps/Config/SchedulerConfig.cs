using Schedulers = SweepCluster.Coordinator.Sweeps.Schedulers;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Early-stopping schedulers.</summary>
internal enum SchedulerType
{
    /// <summary>No early stopping: every trial runs to its end.</summary>
    Fifo,

    /// <summary>Asynchronous successive halving.</summary>
    Asha,

    /// <summary>Median stopping rule.</summary>
    Median,

    /// <summary>Asynchronous Hyperband.</summary>
    Hyperband,

    /// <summary>Population-based training.</summary>
    Pbt,
}

/// <summary>What the scheduler counts progress in.</summary>
internal enum TimeAttribute
{
    /// <summary>The report's epoch.</summary>
    Epoch,

    /// <summary>The report's step.</summary>
    Step,

    /// <summary>The number of evaluations reported so far.</summary>
    Evaluation,
}

/// <summary>The <c>scheduler { }</c> block.</summary>
internal sealed record SchedulerConfig
{
    /// <summary>fifo | asha | median | hyperband | pbt.</summary>
    public SchedulerType Type { get; init; } = SchedulerType.Fifo;

    /// <summary>epoch | step | evaluation: the unit of grace, rungs and max_t.</summary>
    public TimeAttribute TimeAttr { get; init; } = TimeAttribute.Evaluation;

    /// <summary>Progress a trial gets before it can be stopped.</summary>
    public long Grace { get; init; } = 1;

    /// <summary>ASHA's eta: rungs at grace·eta^k, the top 1/eta of a rung continues.</summary>
    public double ReductionFactor { get; init; } = 3;

    /// <summary>Progress at which a trial ends; null = the trainer's own end.</summary>
    public long? MaxT { get; init; }

    /// <summary>Median rule: completed trials needed at a point before it stops anything.</summary>
    public int MinTrials { get; init; } = 3;

    /// <summary>PBT: evaluations (in time_attr units) between a trial's exploits.</summary>
    public double PerturbationInterval { get; init; } = 4;

    /// <summary>PBT: the bottom and top fraction of the population.</summary>
    public double Quantile { get; init; } = 0.25;

    /// <summary>PBT: chance that a perturbed key is resampled rather than multiplied by 0.8/1.2.</summary>
    public double ResampleProbability { get; init; } = 0.25;

    /// <summary>PBT: per swept key, perturb or resample (<c>explore { lr = perturb, optimizer = resample }</c>).</summary>
    public IReadOnlyDictionary<string, Schedulers.PbtExplore> Explore { get; init; } = Schedulers.PbtSettings.NoExplore;

    /// <summary>The PBT settings of this block.</summary>
    public Schedulers.PbtSettings Pbt => new()
    {
        PerturbationInterval = PerturbationInterval,
        Quantile = Quantile,
        ResampleProbability = ResampleProbability,
        Explore = Explore,
    };
}
