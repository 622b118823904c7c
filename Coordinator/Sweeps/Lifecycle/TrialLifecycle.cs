namespace SweepCluster.Coordinator.Sweeps.Lifecycle;

/// <summary>The one table of allowed trial transitions.</summary>
internal static class TrialLifecycle
{
    private static readonly Dictionary<TrialStatus, TrialStatus[]> Allowed = new()
    {
        [TrialStatus.Pending] = [TrialStatus.Leased, TrialStatus.Cancelled],
        [TrialStatus.Leased] = [TrialStatus.Running, TrialStatus.Completed, TrialStatus.Stopped, TrialStatus.Failed, TrialStatus.Pending, TrialStatus.Cancelled],
        [TrialStatus.Running] = [TrialStatus.Completed, TrialStatus.Stopped, TrialStatus.Failed, TrialStatus.Pending, TrialStatus.Cancelled],
        [TrialStatus.Failed] = [TrialStatus.Pending, TrialStatus.Dead],
        [TrialStatus.Completed] = [],
        [TrialStatus.Stopped] = [],
        [TrialStatus.Dead] = [],
        [TrialStatus.Cancelled] = [],
    };

    /// <summary>True when <paramref name="status"/> never changes again.</summary>
    public static bool IsTerminal(TrialStatus status) => Allowed[status].Length == 0;

    /// <summary>True when a worker holds the trial.</summary>
    public static bool IsActive(TrialStatus status) => status is TrialStatus.Leased or TrialStatus.Running;

    /// <summary>True when <paramref name="from"/> may become <paramref name="to"/>.</summary>
    public static bool CanTransition(TrialStatus from, TrialStatus to) => Array.IndexOf(Allowed[from], to) >= 0;

    /// <summary>Returns <paramref name="to"/> when allowed; throws <see cref="InvalidTransitionException"/> otherwise.</summary>
    public static TrialStatus Transition(TrialStatus from, TrialStatus to) =>
        CanTransition(from, to) ? to : throw new InvalidTransitionException($"trial cannot go from {from} to {to}");
}
