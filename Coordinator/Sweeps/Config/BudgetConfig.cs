namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>The <c>budget { }</c> block.</summary>
internal sealed record BudgetConfig
{
    /// <summary>At most this many trials are started; null = all planned.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>At most this many trials run at once; null = as many as there are worker slots.</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>Wall-clock limit of the sweep; null = none.</summary>
    public TimeSpan? MaxTime { get; init; }

    /// <summary>Failed attempts after which a trial is given up.</summary>
    public int MaxFailuresPerTrial { get; init; } = 2;
}

/// <summary>The <c>checkpoints { }</c> block.</summary>
internal sealed record CheckpointsConfig
{
    /// <summary>The best this-many trials keep their <c>best/</c> checkpoint; the others' are deleted.</summary>
    public int KeepBest { get; init; } = 3;
}

/// <summary>The <c>resources { }</c> block: what one trial needs.</summary>
internal sealed record ResourcesConfig
{
    /// <summary>GPUs one trial occupies (0 = a CPU slot).</summary>
    public int GpusPerTrial { get; init; }

    /// <summary>Engine threads one trial uses.</summary>
    public int CpuThreads { get; init; } = 1;
}
