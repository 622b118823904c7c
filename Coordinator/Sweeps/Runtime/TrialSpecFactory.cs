using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>Builds the <see cref="TrialSpec"/> of one attempt of one trial.</summary>
internal static class TrialSpecFactory
{
    /// <summary>The directory of a trial's checkpoints: <c>{checkpoint_dir}/{sweep}/{trial key}/</c>.</summary>
    public static string CheckpointDir(SweepDefinition def, string key) =>
        Path.Combine(def.CheckpointDir, TrialIds.Slug(def.Name), TrialIds.SafeFileName(key));

    /// <summary>The spec of the trial's current attempt; resumes from <c>last/</c> when an earlier attempt left one.</summary>
    public static TrialSpec Build(SweepDefinition def, TrialRecord trial, PlannedTrial point)
    {
        var dir = trial.CheckpointPath ?? CheckpointDir(def, trial.Key);
        var last = Path.Combine(dir, "last");
        var settings = Merge(def.Trial, point.Parameters);
        var needs = TrialResources.Of(def, settings);
        return new TrialSpec
        {
            TrialId = trial.Id,
            Sweep = def.Name,
            Attempt = trial.Attempt,
            Task = def.Task,
            Parameters = point.Parameters,
            Settings = settings,
            Objective = def.Objective,
            CheckpointDir = dir,
            ResumeFrom = trial.Attempt > 1 && Directory.Exists(last) ? last : null,
            Threads = needs.CpuThreads,
            GpusPerTrial = needs.GpusPerTrial,
            Seed = TrialIds.TrialSeed(def.Seed, trial.Key),
        };
    }

    /// <summary>The log directory of an attempt: <c>{checkpoint dir}/logs/attempt-{N}/</c>.</summary>
    public static string LogDir(TrialSpec spec) => Path.Combine(spec.CheckpointDir, "logs", $"attempt-{spec.Attempt}");

    /// <summary>
    /// <paramref name="settings"/> (an object, or undefined/null for none) with each parameter set over it; a dotted name
    /// (<c>model.d_model</c>) sets a nested key.
    /// </summary>
    public static JsonElement Merge(JsonElement settings, IReadOnlyDictionary<string, JsonElement> parameters)
    {
        var root = settings.ValueKind == JsonValueKind.Object ? JsonNode.Parse(settings.GetRawText())!.AsObject() : [];
        foreach (var (name, value) in parameters)
        {
            var parts = name.Split('.');
            var node = root;
            foreach (var part in parts[..^1])
            {
                if (node[part] is not JsonObject child)
                {
                    child = [];
                    node[part] = child;
                }

                node = child;
            }

            node[parts[^1]] = JsonNode.Parse(value.GetRawText());
        }

        return JsonSerializer.SerializeToElement(root);
    }
}
