namespace SweepCluster.Coordinator.Sweeps.Lifecycle;

/// <summary>Where a sweep is in its life; changed only through <see cref="SweepLifecycle.Transition"/>.</summary>
internal enum SweepStatus
{
    /// <summary>Planned and stored; trials being created and run.</summary>
    Running,

    /// <summary>Every trial ended (search exhausted or budget spent) and at least one did not fail.</summary>
    Completed,

    /// <summary>Every trial ended and none succeeded.</summary>
    Failed,

    /// <summary>Cancelled by a user.</summary>
    Cancelled,
}

/// <summary>The one table of allowed sweep transitions.</summary>
internal static class SweepLifecycle
{
    private static readonly Dictionary<SweepStatus, SweepStatus[]> Allowed = new()
    {
        [SweepStatus.Running] = [SweepStatus.Completed, SweepStatus.Failed, SweepStatus.Cancelled],
        [SweepStatus.Completed] = [],
        [SweepStatus.Failed] = [],
        [SweepStatus.Cancelled] = [],
    };

    /// <summary>True when <paramref name="status"/> never changes again.</summary>
    public static bool IsTerminal(SweepStatus status) => Allowed[status].Length == 0;

    /// <summary>Returns <paramref name="to"/> when allowed; throws <see cref="InvalidTransitionException"/> otherwise.</summary>
    public static SweepStatus Transition(SweepStatus from, SweepStatus to) =>
        Array.IndexOf(Allowed[from], to) >= 0 ? to : throw new InvalidTransitionException($"sweep cannot go from {from} to {to}");
}
