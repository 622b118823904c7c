using System.Text.Json;
using System.Text.Json.Serialization;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>Everything the sweep actor needs, stored with the sweep so it can be rebuilt without the sweep file.</summary>
internal sealed record SweepDefinition
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The sweep's name.</summary>
    public required string Name { get; init; }

    /// <summary>The trainer task every trial runs.</summary>
    public required string Task { get; init; }

    /// <summary>The fixed <c>trial { }</c> settings (a JSON object); each point's parameters are merged over it.</summary>
    public required JsonElement Trial { get; init; }

    /// <summary>The metric that ranks trials.</summary>
    public ObjectiveSpec Objective { get; init; } = new("val_loss", ObjectiveMode.Min);

    /// <summary>grid | random.</summary>
    public string Search { get; init; } = "grid";

    /// <summary>Seed of the search and of every trial's seed.</summary>
    public long Seed { get; init; }

    /// <summary>Early stopping.</summary>
    public SchedulerSettings Scheduler { get; init; } = new();

    /// <summary>At most this many trials (null: the whole plan).</summary>
    public int? MaxTrials { get; init; }

    /// <summary>At most this many trials open at once (null: unlimited).</summary>
    public int? MaxConcurrent { get; init; }

    /// <summary>Wall time after which running trials are stopped and pending ones cancelled (null: unlimited).</summary>
    public TimeSpan? MaxTime { get; init; }

    /// <summary>A trial that fails this many times is Dead.</summary>
    public int MaxFailuresPerTrial { get; init; } = 3;

    /// <summary>Only the best k trials keep their checkpoints (null: all keep them).</summary>
    public int? KeepBest { get; init; }

    /// <summary>Engine threads per trial.</summary>
    public int CpuThreads { get; init; } = 1;

    /// <summary>GPUs per trial on one worker (0: CPU trials); a trial's own <c>resources</c> settings override it.</summary>
    public int GpusPerTrial { get; init; }

    /// <summary>Root of the checkpoint directories: <c>{CheckpointDir}/{sweep}/{trial}/</c>.</summary>
    public string CheckpointDir { get; init; } = "runs/checkpoints";

    /// <summary>The planned points.</summary>
    public IReadOnlyList<PlannedTrial> Plan { get; init; } = [];

    /// <summary>As stored.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>From <see cref="ToJson"/>.</summary>
    public static SweepDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<SweepDefinition>(json, Json) ?? throw new InvalidDataException("empty sweep definition");
}

/// <summary>Timings of the sweep runtime.</summary>
internal sealed record RuntimeOptions
{
    /// <summary>A lease not renewed within this time expires.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often workers heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>On recovery, return every leased trial to Pending at once (their holders were in-process and are gone).</summary>
    public bool ExpireLeasesOnRecovery { get; init; }

    /// <summary>Events between two snapshots of a sweep actor's state (bounds recovery time).</summary>
    public int SnapshotEvery { get; init; } = 10_000;

    /// <summary>How long a caller waits for a sweep actor's answer before giving up (the worker retries).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
