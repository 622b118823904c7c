using System.Diagnostics;
using System.Text.Json;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Command;

/// <summary>examples/pytorch-sweep.hocon end to end through the run verb (planner, store, broker, local workers, command trainer) and the logs verb.</summary>
public sealed class PyTorchSweepTests
{
    [PyTorchSweepFact]
    public async Task Run_PyTorchExampleSweep_FourTrialsCompleteAndLogsReadable()
    {
        using var dir = new TempDir();
        var repo = SharedData.RepoRoot;
        var path = dir.File("pytorch-test.hocon");
        // The example file itself, made tiny: 4 random trials of 2 epochs on 64 training rows. (Copied to a .conf name:
        // the includer looks for NAME.conf/.json/.properties unless the name ends in one of those.)
        File.Copy(Path.Combine(repo, "examples", "pytorch-sweep.hocon"), dir.File("example.conf"));
        File.WriteAllText(path, $$"""
            include required("example.conf")
            sweep.search { algorithm = random, samples = 4, seed = 3 }
            sweep.trial.command = [{{Json(PyTorchSweepFactAttribute.Python!)}}, "train.py", "--epochs=2", "--d_model=16", "--heads=2",
              "--layers=1", "--block_size=16", "--train_limit=64", "--val_limit=32", "--threads=1"]
            sweep.trial.working_dir = {{Json(Path.Combine(repo, "examples", "pytorch"))}}
            sweep.trial.env.SWEEP_DATA_DIR = {{Json(Path.Combine(SharedData.Root!, "data", "pa2-speeches"))}}
            cluster.storage = {{Json("sqlite:" + dir.File("sweeps.db"))}}
            cluster.checkpoint_dir = {{Json(dir.File("runs"))}}
            cluster.local_workers = 2
            """);
        var output = new StringWriter();

        var code = await CliApp.RunAsync(["run", path], new CliContext(output, output), CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        IReadOnlyList<TrialRecord> trials;
        await using (var store = await SweepStores.OpenAsync("sqlite:" + dir.File("sweeps.db"), CancellationToken.None))
        {
            var sweep = await store.FindSweepByNameAsync("pytorch-pa2", CancellationToken.None);
            trials = await store.GetTrialsAsync(sweep!.Id, CancellationToken.None);
        }

        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.True(t.Status == TrialStatus.Completed, $"{t.Id}: {t.Status} {t.Error}"));
        Assert.All(trials, t => Assert.InRange(t.BestValue!.Value, 0, 1));
        var kept = trials.First(t => t.CheckpointPath is not null);
        Assert.True(File.Exists(Path.Combine(kept.CheckpointPath!, "best", "checkpoint.pt")));

        var logs = new StringWriter();
        var logsCode = await CliApp.RunAsync(["logs", kept.Key, path], new CliContext(logs, new StringWriter()), CancellationToken.None);

        Assert.Equal(0, logsCode);
        Assert.Contains("parameters, vocabulary", logs.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("@@sweep", logs.ToString(), StringComparison.Ordinal);
    }

    private static string Json(string text) => JsonSerializer.Serialize(text);
}

/// <summary>Skipped, with the reason, unless Linux, ../shared and a python3 that can <c>import torch</c> are all there.</summary>
internal sealed class PyTorchSweepFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Interpreter = new(Find);

    public PyTorchSweepFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "needs Linux (the command trainer uses process groups)";
        else if (SharedData.Root is null || !File.Exists(Path.Combine(SharedData.Root, "data", "pa2-speeches", "train_CLS.tsv")))
            Skip = "../shared/data/pa2-speeches is absent (set SWEEP_SHARED_DIR)";
        else if (Python is null)
            Skip = "no python3 that can 'import torch' (apt-get install python3-torch)";
    }

    /// <summary>A python that imports torch (SWEEP_PYTHON, /usr/bin/python3, python3), or null.</summary>
    public static string? Python => Interpreter.Value;

    private static string? Find()
    {
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("SWEEP_PYTHON"), "/usr/bin/python3", "python3" })
        {
            if (string.IsNullOrEmpty(candidate))
                continue;
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", "import torch"]) { RedirectStandardError = true })!;
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode == 0)
                    return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        return null;
    }
}
