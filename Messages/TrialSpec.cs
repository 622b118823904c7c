using System.Text.Json;

namespace SweepCluster.Messages;

/// <summary>Everything a trainer needs to run one attempt of one trial.</summary>
public sealed record TrialSpec
{
    /// <summary>Stable trial key within its sweep (derived from the canonical parameters).</summary>
    public required string TrialId { get; init; }

    /// <summary>Sweep name, for logs and paths.</summary>
    public string Sweep { get; init; } = "";

    /// <summary>1-based attempt number; a retry gets the next number.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>classify | language-model | synthetic-majority | synthetic-induction | command | noop.</summary>
    public required string Task { get; init; }

    /// <summary>The swept parameters of this trial (name → JSON scalar), in the sweep file's order.</summary>
    public IReadOnlyDictionary<string, JsonElement> Parameters { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>The sweep's fixed <c>trial { }</c> settings with <see cref="Parameters"/> merged over them (a JSON object).</summary>
    public required JsonElement Settings { get; init; }

    /// <summary>The metric the sweep optimises; the trainer keeps <c>best/</c> by it.</summary>
    public ObjectiveSpec Objective { get; init; } = new("val_loss", ObjectiveMode.Min);

    /// <summary>Directory where the trainer writes <c>best/</c> and <c>last/</c>.</summary>
    public required string CheckpointDir { get; init; }

    /// <summary>A <c>last/</c> checkpoint directory to resume from, or null to start fresh.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>Engine threads this attempt may use.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>GPUs the attempt needs, all on one worker (<c>resources.gpus_per_trial</c>; 0 = a CPU trial).</summary>
    public int GpusPerTrial { get; init; }

    /// <summary>GPU indices assigned to this attempt (empty on a CPU slot).</summary>
    public IReadOnlyList<int> Gpus { get; init; } = [];

    /// <summary>Seed for every random source of the trial (data order, init, dropout).</summary>
    public long Seed { get; init; }
}
