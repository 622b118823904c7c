namespace SweepCluster.Coordinator.Sweeps.Planning;

/// <summary>How many candidate points one constraint removed (each removed point is counted once, for the first constraint it violates).</summary>
internal sealed record ConstraintCount(string Constraint, int Removed);

/// <summary>The trials of a sweep, in dispatch order, with the bookkeeping of how they were chosen.</summary>
internal sealed record SweepPlan(IReadOnlyList<PlannedTrial> Trials, IReadOnlyList<ConstraintCount> Removed)
{
    /// <summary>Number of planned trials.</summary>
    public int Total => Trials.Count;

    /// <summary>Candidate points considered: the grid's full size, or the number of random draws.</summary>
    public int Candidates { get; init; }

    /// <summary>Random search: draws dropped because the point was already planned.</summary>
    public int Duplicates { get; init; }
}
