namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Search methods.</summary>
internal enum SearchAlgorithm
{
    /// <summary>The cartesian product of the list-valued parameters.</summary>
    Grid,

    /// <summary>Seeded random draws.</summary>
    Random,
}

/// <summary>The <c>search { }</c> block.</summary>
internal sealed record SearchConfig
{
    /// <summary>grid | random.</summary>
    public SearchAlgorithm Algorithm { get; init; } = SearchAlgorithm.Grid;

    /// <summary>Random search: how many points to draw.</summary>
    public int Samples { get; init; } = 20;

    /// <summary>Random search: the seed of the draws (also the base of each trial's seed).</summary>
    public long Seed { get; init; }
}
