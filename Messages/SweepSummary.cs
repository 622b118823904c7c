namespace SweepCluster.Messages;

/// <summary>A sweep and its trial counts (<c>GET /api/v1/sweeps/{id}</c>, and the answer to a submission).</summary>
public sealed record SweepSummary
{
    /// <summary>The sweep's id (its name).</summary>
    public required string Id { get; init; }

    /// <summary>running | completed | cancelled | failed.</summary>
    public required string State { get; init; }

    /// <summary>Trials by state (pending, leased, running, completed, stopped, failed, dead, cancelled).</summary>
    public IReadOnlyDictionary<string, int> Trials { get; init; } = new Dictionary<string, int>();

    /// <summary>The objective metric and mode, e.g. <c>val_loss</c> / <c>min</c>.</summary>
    public ObjectiveSpec? Objective { get; init; }
}
