namespace SweepCluster.GpuWorker.Agent;

/// <summary>Settings of the worker agent (command line, or the environment variables in <see cref="WorkerEnvironment"/>).</summary>
internal sealed record AgentOptions
{
    /// <summary>Base URL of the coordinator, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public Uri Coordinator { get; init; } = new("http://127.0.0.1:5080");

    /// <summary>The worker bearer token (null when the coordinator runs without one).</summary>
    public string? Token { get; init; }

    /// <summary>Trials run at once; null: one per GPU, or cores / threads-per-slot without GPUs.</summary>
    public int? Slots { get; init; }

    /// <summary>Engine threads given to each trial.</summary>
    public int ThreadsPerSlot { get; init; } = 1;

    /// <summary>Name the worker registers under.</summary>
    public string Name { get; init; } = Environment.MachineName;

    /// <summary>Local directory for checkpoints of running trials and the report buffer.</summary>
    public string WorkDir { get; init; } = "worker-data";

    /// <summary>Time allowed after SIGTERM to checkpoint, hand trials back and flush buffered reports.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest lease poll asked of the coordinator.</summary>
    public TimeSpan LeaseWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lease poll while trials run (their GPUs may free up meanwhile and the poll carries the free ones).</summary>
    public TimeSpan BusyLeaseWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most entries the on-disk report buffer holds; beyond it the oldest metric reports are dropped.</summary>
    public int OutboxLimit { get; init; } = 10_000;

    /// <summary>First retry delay when the coordinator is unreachable.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Least time between two uploads of a running trial's <c>last/</c> checkpoint.</summary>
    public TimeSpan LastUploadInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>URL of the health endpoint (<c>/healthz</c>, <c>/readyz</c>); null: no endpoint.</summary>
    public string? HealthListen { get; init; }

    /// <summary>How often a running attempt's new log output is shipped to the coordinator.</summary>
    public TimeSpan LogUploadInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Seed of the retry jitter.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Engines announced at registration (cpu, torch, cuda): what this process can train.</summary>
    public IReadOnlyList<string> Engines { get; init; } = [Messages.WorkerEngines.Cpu];
}
