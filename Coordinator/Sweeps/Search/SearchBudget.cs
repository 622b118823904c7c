namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>How many trials a search may create, and how many may be open (created, not yet exited) at once.</summary>
internal sealed record SearchBudget
{
    /// <summary>At most this many trials in all (null: the whole plan).</summary>
    public int? MaxTrials { get; init; }

    /// <summary>At most this many trials open at once.</summary>
    public int MaxConcurrent { get; init; } = int.MaxValue;
}
