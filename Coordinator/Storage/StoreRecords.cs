using SweepCluster.Coordinator.Sweeps.Lifecycle;

namespace SweepCluster.Coordinator.Storage;

/// <summary>One sweep as stored.</summary>
internal sealed record SweepRecord
{
    /// <summary>Unique, URL-safe id (slug of the name plus a generation suffix).</summary>
    public required string Id { get; init; }

    /// <summary>The sweep's name from its file; unique among stored sweeps.</summary>
    public required string Name { get; init; }

    /// <summary>Lifecycle state.</summary>
    public SweepStatus Status { get; init; } = SweepStatus.Running;

    /// <summary>The sweep's runtime definition (JSON), enough to rebuild the actor without the sweep file.</summary>
    public required string Definition { get; init; }

    /// <summary>The search method's saved state (JSON).</summary>
    public string SearchState { get; init; } = "{}";

    /// <summary>When the sweep was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it reached a terminal state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>One trial as stored.</summary>
internal sealed record TrialRecord
{
    /// <summary>Unique across sweeps and URL-safe: <c>{sweepId}.{index}</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The owning sweep.</summary>
    public required string SweepId { get; init; }

    /// <summary>Position in the plan.</summary>
    public int Index { get; init; }

    /// <summary>Stable key from the planner.</summary>
    public required string Key { get; init; }

    /// <summary>Swept parameters (JSON object).</summary>
    public required string Parameters { get; init; }

    /// <summary>Lifecycle state.</summary>
    public TrialStatus Status { get; init; } = TrialStatus.Pending;

    /// <summary>Current 1-based attempt.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Attempts that failed so far.</summary>
    public int Failures { get; init; }

    /// <summary>Worker holding the lease.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When the lease expires unless renewed.</summary>
    public DateTimeOffset? LeaseExpiry { get; init; }

    /// <summary>Token of the current lease; anything carrying another is stale.</summary>
    public long FencingToken { get; init; }

    /// <summary>Best objective value so far.</summary>
    public double? BestValue { get; init; }

    /// <summary>Step of the best value.</summary>
    public long? BestStep { get; init; }

    /// <summary>Epoch of the best value (when reported).</summary>
    public double? BestEpoch { get; init; }

    /// <summary>The trial's checkpoint directory (<c>best/</c>, <c>last/</c> inside); null once pruned.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Last error of a failed attempt.</summary>
    public string? Error { get; init; }

    /// <summary>When created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>First lease.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it reached a terminal state.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>One report of one attempt.</summary>
internal sealed record MetricRecord(string TrialId, string SweepId, int Attempt, long Step, string Values, DateTimeOffset At);

/// <summary>One entry of the append-only event journal.</summary>
internal sealed record JournalEntry(long Sequence, string SweepId, DateTimeOffset At, string Type, string Payload);

/// <summary>One state change: an event appended and the rows it changes, in one transaction.</summary>
internal sealed record StateChange
{
    /// <summary>The sweep the event belongs to.</summary>
    public required string SweepId { get; init; }

    /// <summary>Event type (e.g. TrialLeased, MetricReported).</summary>
    public required string Type { get; init; }

    /// <summary>Event payload (JSON).</summary>
    public string Payload { get; init; } = "{}";

    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The sweep row to insert or update, if it changed.</summary>
    public SweepRecord? Sweep { get; init; }

    /// <summary>Trial rows to insert or update.</summary>
    public IReadOnlyList<TrialRecord> Trials { get; init; } = [];

    /// <summary>A report to insert; when (trial, attempt, step) already exists the whole change is dropped.</summary>
    public MetricRecord? Metric { get; init; }
}
