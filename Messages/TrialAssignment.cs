namespace SweepCluster.Messages;

/// <summary>One leased attempt of a trial, as sent to a worker.</summary>
public sealed record TrialAssignment
{
    /// <summary>The trial's id (its stable key).</summary>
    public required string TrialId { get; init; }

    /// <summary>1-based attempt number.</summary>
    public int Attempt { get; init; }

    /// <summary>Fencing token of this lease; every later message about the attempt carries it.</summary>
    public long FencingToken { get; init; }

    /// <summary>What to run. Its <c>CheckpointDir</c> is the coordinator's; the worker picks a local one.</summary>
    public required TrialSpec Spec { get; init; }

    /// <summary>Relative API path (under <c>/api/v1/</c>) of a <c>last/</c> checkpoint to download and resume from, or null.</summary>
    public string? ResumeUrl { get; init; }

    /// <summary>True when <c>Spec.CheckpointDir</c> is shared storage: write there directly and upload nothing.</summary>
    public bool SharedCheckpoints { get; init; }

    /// <summary>When the lease expires unless a report or heartbeat renews it.</summary>
    public DateTimeOffset LeaseExpiresAt { get; init; }
}
