using System.Text.Json;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Cli;

/// <summary>
/// A single-trial file: <c>trial { task = ..., ...settings, objective { metric, mode }, checkpoint_dir, seed, threads }</c>.
/// Relative data paths and <c>checkpoint_dir</c> are resolved against the file's folder.
/// </summary>
internal sealed record TrialFile(string Path, JsonElement Settings, ObjectiveSpec Objective, string CheckpointDir, long Seed, int Threads)
{
    /// <summary>The task name.</summary>
    public string Task => Settings.GetProperty("task").GetString()!;

    /// <summary>
    /// Loads and validates the file; every error is a <see cref="ConfigException"/> naming file:line:column and the
    /// config path (e.g. <c>trial.heads: 3 does not divide d_model 64</c>).
    /// </summary>
    public static TrialFile Load(string path, TrainerCatalog catalog)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found");
        }

        HoconObject root = HoconLoader.LoadFile(path);
        if (root["trial"] is not HoconObject trial)
        {
            throw ConfigException.At(root["trial"]?.Origin ?? root.Origin, "trial: missing required object (trial { task = ..., ... })");
        }

        JsonElement settings = TrialSettingsBinder.Bind(trial, "trial");
        IReadOnlyList<string> errors = catalog.Validate(settings);
        if (errors.Count > 0)
        {
            throw new ConfigException(string.Join(Environment.NewLine, errors.Select(e => Locate(trial, e))));
        }

        string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var reader = new ConfigReader(trial, "trial");
        string checkpoints = reader.String("checkpoint_dir") is { } c
            ? System.IO.Path.GetFullPath(System.IO.Path.Combine(dir, c))
            : System.IO.Path.GetFullPath(System.IO.Path.Combine("runs", System.IO.Path.GetFileNameWithoutExtension(path)));
        long seed = reader.Long("seed") ?? 0;
        long threads = reader.Long("threads", 1) ?? 1;
        return new TrialFile(path, settings, ReadObjective(trial, settings), checkpoints, seed, (int)Math.Min(threads, 256));
    }

    /// <summary>The settings-validation error <paramref name="error"/> ("trial.a.b: ...") prefixed with the position of that key.</summary>
    private static string Locate(HoconObject trial, string error)
    {
        int colon = error.IndexOf(": ", StringComparison.Ordinal);
        string[] keys = colon > 0 ? error[..colon].Split('.') : [];
        HoconValue? at = keys.Length > 1 && keys[0] == "trial" ? trial.Find(keys.Skip(1)) : null;
        return ConfigException.Format(at?.Origin ?? trial.Origin, error);
    }

    private static ObjectiveSpec ReadObjective(HoconObject trial, JsonElement settings)
    {
        bool classifier = settings.GetProperty("task").GetString() is "classify" or "synthetic-majority";
        var fallback = classifier ? new ObjectiveSpec("val_accuracy", ObjectiveMode.Max) : new ObjectiveSpec("val_loss", ObjectiveMode.Min);
        if (trial["objective"] is null)
        {
            return fallback;
        }

        if (trial["objective"] is not HoconObject o)
        {
            throw ConfigReader.Error(trial["objective"]!, "trial.objective", "expected an object { metric, mode }");
        }

        var r = new ConfigReader(o, "trial.objective");
        string metric = r.String("metric") ?? fallback.Metric;
        string mode = r.String("mode") ?? (metric.Contains("accuracy", StringComparison.Ordinal) ? "max" : "min");
        return mode switch
        {
            "min" => new ObjectiveSpec(metric, ObjectiveMode.Min),
            "max" => new ObjectiveSpec(metric, ObjectiveMode.Max),
            _ => throw r.Error("mode", $"expected min or max, found \"{mode}\""),
        };
    }
}
