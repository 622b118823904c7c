using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Dispatch;

/// <summary>
/// The one door through which workers get and finish trials: in-process local workers call it directly, the HTTP API
/// (<c>/api/v1</c>) maps requests onto it. Implemented by the sweep runtime (the sweep actors and the store).
/// Every call is durable before it returns: an accepted report or result is in the store.
/// </summary>
internal interface ITrialBroker
{
    /// <summary>Registers (or re-registers) a worker; returns its id and the timings it must keep.</summary>
    ValueTask<WorkerRegistration> RegisterAsync(WorkerInfo worker, CancellationToken ct);

    /// <summary>Waits up to <paramref name="wait"/> for trials to run on up to <paramref name="freeSlots"/> slots; empty when none came.</summary>
    ValueTask<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, int freeSlots, TimeSpan wait, CancellationToken ct);

    /// <summary>
    /// As <see cref="LeaseAsync(string, int, TimeSpan, CancellationToken)"/>, granting only trials that fit the worker's
    /// free <paramref name="capacity"/> (slots, GPUs, CPU threads). A broker that does not match resources sees the slots.
    /// </summary>
    ValueTask<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, LeaseCapacity capacity, TimeSpan wait, CancellationToken ct) =>
        LeaseAsync(workerId, capacity.Slots, wait, ct);

    /// <summary>A metric report of a leased attempt; renews its lease; the answer carries the scheduler's decision.</summary>
    ValueTask<BrokerAnswer> ReportAsync(TrialRef trial, MetricReport report, CancellationToken ct);

    /// <summary>The attempt ran to its end (or stopped when told to); <paramref name="final"/> is its last metrics.</summary>
    ValueTask<BrokerAnswer> CompleteAsync(TrialRef trial, MetricReport? final, bool stopped, CancellationToken ct);

    /// <summary>The attempt failed (<paramref name="interrupted"/>: handed back on worker shutdown, not counted as a failure).</summary>
    ValueTask<BrokerAnswer> FailAsync(TrialRef trial, string error, string? logTail, bool interrupted, CancellationToken ct);

    /// <summary>Renews the leases of the worker's running attempts; answers which of them must stop.</summary>
    ValueTask<HeartbeatAnswer> HeartbeatAsync(string workerId, IReadOnlyList<TrialRef> running, CancellationToken ct);
}

/// <summary>Identifies one attempt of one trial; the fencing token changes whenever the trial is leased anew.</summary>
internal sealed record TrialRef(string TrialId, int Attempt, long FencingToken);

/// <summary>What a worker says about itself when it registers.</summary>
internal sealed record WorkerInfo(string Name, int Slots, IReadOnlyList<GpuInfo> Gpus, int CpuThreads, IReadOnlyDictionary<string, string> Labels, string Version)
{
    /// <summary>The engines it runs (<c>cpu</c>, <c>torch</c>, <c>cuda</c>); see <see cref="Messages.RegisterWorkerRequest.Engines"/>.</summary>
    public IReadOnlyList<string> Engines { get; init; } = [WorkerEngines.Cpu];
}

/// <summary>One GPU of a worker (from nvidia-smi).</summary>
internal sealed record GpuInfo(int Index, string Name, long MemoryMiB);

/// <summary>The coordinator's answer to a registration.</summary>
internal sealed record WorkerRegistration(string WorkerId, TimeSpan HeartbeatInterval, TimeSpan LeaseTtl);

/// <summary>A leased attempt: the spec to run, and when the lease expires unless renewed.</summary>
internal sealed record LeaseGrant(TrialRef Trial, TrialSpec Spec, DateTimeOffset ExpiresAt);

/// <summary>The broker's answer to a report, completion or failure.</summary>
internal enum BrokerAnswer
{
    /// <summary>Accepted and durable; keep training.</summary>
    Continue,

    /// <summary>Accepted and durable; stop the attempt (early stopping, cancellation, budget).</summary>
    Stop,

    /// <summary>Already recorded (same trial, attempt, step); nothing changed.</summary>
    Duplicate,

    /// <summary>The fencing token or attempt is not the current one (HTTP 409); the worker must stop this attempt.</summary>
    Stale,

    /// <summary>No such trial (HTTP 404).</summary>
    Unknown,
}

/// <summary>Answer to a heartbeat: attempts the worker must stop.</summary>
internal sealed record HeartbeatAnswer(IReadOnlyList<TrialRef> Stop);
