using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Storage;
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

/// <summary>Mailbox messages of <see cref="SweepActor"/>; each carries its reply.</summary>
internal abstract record ActorMessage;

internal sealed record LeaseMsg(string WorkerId, LeaseCapacity Capacity, TaskCompletionSource<IReadOnlyList<LeaseGrant>> Reply) : ActorMessage;

internal sealed record ReportMsg(TrialRef Trial, MetricReport Report, TaskCompletionSource<BrokerAnswer> Reply) : ActorMessage;

internal sealed record ExitMsg(TrialRef Trial, AttemptEnd End, MetricReport? Final, string? Error, TaskCompletionSource<BrokerAnswer> Reply) : ActorMessage;

internal sealed record HeartbeatMsg(string WorkerId, IReadOnlyList<TrialRef> Running, TaskCompletionSource<IReadOnlyList<TrialRef>> Reply) : ActorMessage;

internal sealed record TickMsg(TaskCompletionSource<bool> Reply) : ActorMessage;

internal sealed record CancelMsg(TaskCompletionSource<bool> Reply) : ActorMessage;

internal sealed record SnapshotMsg(TaskCompletionSource<SweepSnapshot> Reply) : ActorMessage;
