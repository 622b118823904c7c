using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>How an attempt ended, as a worker tells it.</summary>
internal enum AttemptEnd
{
    /// <summary>Ran to its end.</summary>
    Completed,

    /// <summary>Stopped when told to.</summary>
    Stopped,

    /// <summary>Failed (counts towards max_failures_per_trial).</summary>
    Failed,

    /// <summary>Handed back on worker shutdown (not a failure).</summary>
    Interrupted,
}

/// <summary>A read-only picture of a sweep for progress displays.</summary>
internal sealed record SweepSnapshot(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials, IReadOnlyDictionary<string, MetricReport> Latest, int Planned);

/// <summary>Lease pending trials that fit <paramref name="Capacity"/>; answered with the grants (possibly none).</summary>
internal sealed record LeaseTrials(string WorkerId, LeaseCapacity Capacity);

/// <summary>A metric report of an attempt; answered with the scheduler's decision (<see cref="BrokerAnswer"/>).</summary>
internal sealed record ReportMetric(TrialRef Trial, MetricReport Report);

/// <summary>The end of an attempt; answered with a <see cref="BrokerAnswer"/>.</summary>
internal sealed record ExitAttempt(TrialRef Trial, AttemptEnd End, MetricReport? Final, string? Error);

/// <summary>Renew the leases of running attempts; answered with the attempts that must stop.</summary>
internal sealed record RenewLeases(string WorkerId, IReadOnlyList<TrialRef> Running);

/// <summary>Expire overdue leases and enforce max_time; answered with <c>true</c>.</summary>
internal sealed record Tick
{
    /// <summary>The one instance.</summary>
    public static readonly Tick Instance = new();
}

/// <summary>Cancel the sweep; answered with <c>true</c> once the cancellation is durable.</summary>
internal sealed record CancelSweep
{
    /// <summary>The one instance.</summary>
    public static readonly CancelSweep Instance = new();
}

/// <summary>A consistent picture of the sweep; answered with a <see cref="SweepSnapshot"/>.</summary>
internal sealed record GetSweepSnapshot
{
    /// <summary>The one instance.</summary>
    public static readonly GetSweepSnapshot Instance = new();
}

/// <summary>Answered with <see cref="SweepReady"/> once the sweep is created or recovered and durable.</summary>
internal sealed record WhenReady
{
    /// <summary>The one instance.</summary>
    public static readonly WhenReady Instance = new();
}

/// <summary>The sweep actor is serving: its definition and, if it has ended, its final status.</summary>
internal sealed record SweepReady(string SweepId, SweepDefinition Definition, SweepStatus? Finished);

/// <summary>The sweep actor's durable state at one point, saved as an Akka.Persistence snapshot.</summary>
internal sealed record SweepActorState(SweepRecord Sweep, IReadOnlyList<TrialRecord> Trials, IReadOnlyList<MetricRecord> Metrics);
