namespace SweepCluster.Coordinator.Api;

/// <summary>Settings of the coordinator's HTTP API (<c>/api/v1</c>).</summary>
internal sealed record ApiOptions
{
    /// <summary>Listen URL; loopback unless told otherwise (port 0 picks a free port).</summary>
    public string Listen { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Bearer token workers present; null leaves worker endpoints open (only allowed on loopback).</summary>
    public string? WorkerToken { get; init; }

    /// <summary>Bearer token for administration (submit, cancel); null leaves them open (only allowed on loopback).</summary>
    public string? AdminToken { get; init; }

    /// <summary>Whether read endpoints (sweeps, leaderboards, metrics) need a worker or admin token.</summary>
    public bool ReadRequiresToken { get; init; }

    /// <summary>Largest JSON or HOCON request body accepted, in bytes.</summary>
    public long MaxJsonBytes { get; init; } = 1 << 20;

    /// <summary>Largest checkpoint upload accepted, in bytes.</summary>
    public long MaxCheckpointBytes { get; init; } = 512L << 20;

    /// <summary>Longest a lease poll is held open waiting for work.</summary>
    public TimeSpan MaxLeaseWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>True when the checkpoint directory is shared storage that workers write to directly (no uploads).</summary>
    public bool SharedCheckpoints { get; init; }

    /// <summary>Workers not heard from for this long are no longer counted as connected.</summary>
    public TimeSpan WorkerTimeout { get; init; } = TimeSpan.FromMinutes(3);
}
