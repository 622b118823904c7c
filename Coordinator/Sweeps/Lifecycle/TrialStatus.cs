namespace SweepCluster.Coordinator.Sweeps.Lifecycle;

/// <summary>Where a trial is in its life; changed only through <see cref="TrialLifecycle.Transition"/>.</summary>
internal enum TrialStatus
{
    /// <summary>Waiting for a worker.</summary>
    Pending,

    /// <summary>Handed to a worker that has not reported yet.</summary>
    Leased,

    /// <summary>The worker has reported at least once.</summary>
    Running,

    /// <summary>Ran to its end.</summary>
    Completed,

    /// <summary>Stopped early by the scheduler or the budget.</summary>
    Stopped,

    /// <summary>The last attempt failed; goes back to Pending or on to Dead.</summary>
    Failed,

    /// <summary>Failed too often; never retried.</summary>
    Dead,

    /// <summary>The sweep was cancelled before the trial ended.</summary>
    Cancelled,
}
