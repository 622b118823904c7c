using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Constraints;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>A loaded sweep file: the sweep and the cluster it runs on.</summary>
internal sealed record SweepFile(SweepConfig Sweep, ClusterConfig Cluster)
{
    /// <summary>The path the file was loaded from (as given), or null when built in code.</summary>
    public string? Path { get; init; }
}

/// <summary>The <c>sweep { }</c> block.</summary>
internal sealed record SweepConfig
{
    private static readonly JsonElement NoopTrial = JsonDocument.Parse("""{"task":"noop"}""").RootElement.Clone();

    /// <summary>Sweep name (logs, paths, the store); defaults to the file name without extension.</summary>
    public string Name { get; init; } = "sweep";

    /// <summary>The metric that ranks trials and its direction.</summary>
    public ObjectiveSpec Objective { get; init; } = new("val_loss", ObjectiveMode.Min);

    /// <summary>Grid or random search, with the random search's sample count and seed.</summary>
    public SearchConfig Search { get; init; } = new();

    /// <summary>The swept parameters in file order.</summary>
    public IReadOnlyList<ParameterConfig> Space { get; init; } = [];

    /// <summary>Compiled constraints; a point that violates any of them is not planned.</summary>
    public IReadOnlyList<Constraint> Constraints { get; init; } = [];

    /// <summary>The fixed <c>trial { }</c> settings (a JSON object with at least a string <c>task</c>); data paths are absolute.</summary>
    public JsonElement Trial { get; init; } = NoopTrial;

    /// <summary>Early-stopping scheduler.</summary>
    public SchedulerConfig Scheduler { get; init; } = new();

    /// <summary>Limits on trials, concurrency, time and retries.</summary>
    public BudgetConfig Budget { get; init; } = new();

    /// <summary>How many trials keep their best checkpoint.</summary>
    public CheckpointsConfig Checkpoints { get; init; } = new();

    /// <summary>What one trial needs from a worker.</summary>
    public ResourcesConfig Resources { get; init; } = new();

    /// <summary>The trial's task (<c>trial.task</c>).</summary>
    public string Task => Trial.GetProperty("task").GetString() ?? "noop";
}
