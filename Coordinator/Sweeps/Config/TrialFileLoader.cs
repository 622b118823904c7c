using System.Text.Json;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>A single-trial file: the <c>trial { }</c> settings and, optionally, the objective that picks <c>best/</c>.</summary>
internal sealed record TrialFile(JsonElement Settings, ObjectiveSpec Objective)
{
    /// <summary>The trial's task.</summary>
    public string Task => Settings.GetProperty("task").GetString() ?? "noop";
}

/// <summary>Loads single-trial files (<c>GpuWorker train FILE</c>): <c>trial { task = ..., ... }</c> and an optional <c>objective { }</c>.</summary>
internal static class TrialFileLoader
{
    /// <summary>Loads <paramref name="path"/>; throws <see cref="ConfigException"/> with the user-facing message.</summary>
    public static TrialFile Load(string path, HoconOptions? options = null)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found");
        }

        return Bind(HoconLoader.LoadFile(path, options));
    }

    /// <summary>Binds a resolved trial document.</summary>
    public static TrialFile Bind(HoconObject root)
    {
        var reader = new ConfigReader(root, "");
        var trial = reader.Child("trial") ?? throw ConfigException.At(root.Origin, "trial: missing required block (trial { task = ..., ... })");
        var objective = reader.Child("objective");
        reader.RejectUnknown();
        var spec = new ObjectiveSpec("val_loss", ObjectiveMode.Min);
        if (objective is not null)
        {
            spec = new ObjectiveSpec(
                objective.String("metric") ?? throw objective.Missing("metric", "the reported metric, e.g. val_accuracy"),
                objective.Enum<ObjectiveMode>("mode") ?? throw objective.Missing("mode", "min or max"));
            objective.RejectUnknown();
        }

        return new TrialFile(TrialSettingsBinder.Bind(trial.Object, "trial"), spec);
    }
}
