namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>The <c>cluster { }</c> block.</summary>
internal sealed record ClusterConfig
{
    /// <summary>Where sweeps are stored: <c>sqlite:FILE</c> or a <c>postgres:</c> connection string.</summary>
    public string Storage { get; init; } = "sqlite:sweeps.db";

    /// <summary>The coordinator's HTTP address.</summary>
    public string Listen { get; init; } = "http://127.0.0.1:5080";

    /// <summary>In-process workers; null = one per core, 0 = none (remote workers only).</summary>
    public int? LocalWorkers { get; init; }

    /// <summary>Folder under which each trial gets its checkpoint directory.</summary>
    public string CheckpointDir { get; init; } = "runs";

    /// <summary>A lease not renewed for this long is expired and its trial re-queued.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often workers heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bearer token workers must present (null = none required); usually <c>${?SWEEP_WORKER_TOKEN}</c>.</summary>
    public string? WorkerToken { get; init; }

    /// <summary>Bearer token for admin calls (null = none required); usually <c>${?SWEEP_ADMIN_TOKEN}</c>.</summary>
    public string? AdminToken { get; init; }
}
