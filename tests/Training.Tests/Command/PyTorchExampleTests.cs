using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Command;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Command;

/// <summary>examples/pytorch/train.py through the command trainer: protocol, checkpoints, SIGTERM, resume.</summary>
public sealed class PyTorchExampleTests
{
    private const string TinyArgs =
        """, "--epochs=3", "--d_model=16", "--heads=2", "--layers=1", "--block_size=16", "--train_limit=64", "--val_limit=32", "--threads=1" """;

    [PyTorchFact]
    public async Task RunAsync_PyTorchExample_ReportsEveryEpochAndWritesCheckpoints()
    {
        using var dir = new ScriptDir();
        var spec = Spec(dir, """{"positional": "alibi", "optimizer": "adagrad", "lr": 0.01}""");
        var reporter = new RecordingReporter();

        var result = await new CommandTrainer().RunAsync(spec, reporter, CancellationToken.None);

        Assert.True(result.Outcome == TrialOutcome.Completed, result.Error);
        Assert.Equal([1.0, 2.0, 3.0], reporter.Reports.Select(r => r.Values["epoch"]));
        Assert.All(reporter.Reports, r => Assert.InRange(r.Values["val_accuracy"], 0, 1));
        Assert.Equal(12, result.LastMetrics!.Step); // 64 rows / 16 per batch * 3 epochs
        Assert.True(File.Exists(Path.Combine(dir.CheckpointDir, "last", "checkpoint.pt")));
        Assert.True(File.Exists(Path.Combine(dir.CheckpointDir, "best", "checkpoint.pt")));
        Assert.Contains("parameters", dir.Log(TrialLogs.StdoutFile), StringComparison.Ordinal);
    }

    [PyTorchFact]
    public async Task RunAsync_PyTorchExampleStoppedThenResumed_ContinuesFromLast()
    {
        using var dir = new ScriptDir();
        var first = new RecordingReporter((_, _) => TrialDecision.Stop);
        var trainer = new CommandTrainer();

        var stopped = await trainer.RunAsync(Spec(dir, """{"positional": "sinusoidal", "optimizer": "sgd"}"""), first, CancellationToken.None);
        var resumed = await trainer.RunAsync(
            Spec(dir, """{"positional": "sinusoidal", "optimizer": "sgd"}""") with
            {
                Attempt = 2,
                ResumeFrom = Path.Combine(dir.CheckpointDir, "last"),
            },
            new RecordingReporter(),
            CancellationToken.None);

        Assert.Equal(TrialOutcome.Stopped, stopped.Outcome);
        Assert.Equal(1.0, stopped.LastMetrics!.Values["epoch"]);
        Assert.True(resumed.Outcome == TrialOutcome.Completed, resumed.Error);
        // Under load the program may finish more epochs before it handles SIGTERM; when its last/ already holds the final
        // epoch, the resumed attempt has nothing left to train and completes without a report.
        if (resumed.LastMetrics is { } final)
        {
            Assert.Equal(3.0, final.Values["epoch"]);
        }

        Assert.Contains("resumed from", dir.Log(TrialLogs.StdoutFile, attempt: 2), StringComparison.Ordinal);
    }

    private static TrialSpec Spec(ScriptDir dir, string parameters)
    {
        var script = Path.Combine(PyTorchEnvironment.RepoRoot!, "examples", "pytorch", "train.py");
        var settings = $$"""
            {"task": "command", "command": [{{JsonSerializer.Serialize(PyTorchEnvironment.Python)}}, {{JsonSerializer.Serialize(script)}}{{TinyArgs}}],
             "env": {"SWEEP_DATA_DIR": {{JsonSerializer.Serialize(PyTorchEnvironment.SpeechesDir)}}}, "stop_grace": "2m"}
            """;
        return dir.Spec("unused", parameters: parameters) with
        {
            Settings = JsonDocument.Parse(settings).RootElement.Clone(),
            Objective = new ObjectiveSpec("val_accuracy", ObjectiveMode.Max),
        };
    }
}
