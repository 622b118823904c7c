using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Tests.Support;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

public sealed class EngineTrainerTests
{
    private const string Majority = """
        {"task": "synthetic-majority", "layers": 1, "heads": 2, "d_model": 16, "batch_size": 8, "block_size": 17,
         "eval_interval": 3, "max_steps": 12, "epochs": 5, "dropout": 0.1, "classifier_hidden": 8,
         "synthetic": {"train_size": 40, "validation_size": 16, "seq_len": 17, "vocab": 6}}
        """;

    private const string Induction = """
        {"task": "synthetic-induction", "layers": 2, "heads": 2, "d_model": 16, "batch_size": 4, "block_size": 10,
         "eval_interval": 2, "max_steps": 8, "dropout": 0.2, "eval_batches": 3, "optimizer": "adam", "lr_schedule": "cosine",
         "warmup_steps": 2, "grad_clip": 1.0,
         "synthetic": {"train_size": 20, "validation_size": 10, "seq_len": 5, "vocab": 8}}
        """;

    private static TrialSpec Spec(string settings, string dir, string? resume = null, ObjectiveSpec? objective = null) => new()
    {
        TrialId = "t",
        Task = JsonDocument.Parse(settings).RootElement.GetProperty("task").GetString()!,
        Settings = JsonDocument.Parse(settings).RootElement.Clone(),
        CheckpointDir = dir,
        ResumeFrom = resume,
        Seed = 7,
        Objective = objective ?? new ObjectiveSpec("val_loss", ObjectiveMode.Min),
    };

    private static EngineTrainer Trainer() => new(TransformerModelFactory.Instance, new ManualTimeProvider());

    [Theory]
    [InlineData(Majority, 2)]
    [InlineData(Induction, 1)]
    [InlineData(Induction, 3)]
    public async Task RunAsync_StoppedAfterKEvaluationsThenResumed_MetricsBitwiseEqualStraightRun(string settings, int k)
    {
        using var straightDir = new TempDir();
        var straight = new RecordingReporter();
        TrialResult full = await Trainer().RunAsync(Spec(settings, straightDir.Path), straight, CancellationToken.None);
        Assert.Equal(TrialOutcome.Completed, full.Outcome);

        using var dir = new TempDir();
        var first = new RecordingReporter { StopAt = k };
        TrialResult stopped = await Trainer().RunAsync(Spec(settings, dir.Path), first, CancellationToken.None);
        Assert.Equal(TrialOutcome.Stopped, stopped.Outcome);
        var second = new RecordingReporter();
        TrialResult resumed = await Trainer().RunAsync(Spec(settings, dir.Path, Path.Combine(dir.Path, "last")), second, CancellationToken.None);
        Assert.Equal(TrialOutcome.Completed, resumed.Outcome);

        List<MetricReport> joined = [.. first.Reports, .. second.Reports];
        Assert.Equal(straight.Reports.Count, joined.Count);
        for (int i = 0; i < joined.Count; i++)
        {
            Assert.Equal(straight.Reports[i].Step, joined[i].Step);
            Assert.Equal(straight.Reports[i].Values.OrderBy(kv => kv.Key), joined[i].Values.OrderBy(kv => kv.Key));
        }

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(straightDir.Path, "last", "model.safetensors")),
            File.ReadAllBytes(Path.Combine(dir.Path, "last", "model.safetensors")));
    }

    [Fact]
    public async Task RunAsync_StopAtFirstReport_EndsAfterOneEvaluationWithCheckpoint()
    {
        using var dir = new TempDir();
        var reporter = new RecordingReporter { StopAt = 1 };
        TrialResult r = await Trainer().RunAsync(Spec(Majority, dir.Path), reporter, CancellationToken.None);
        Assert.Equal(TrialOutcome.Stopped, r.Outcome);
        Assert.Single(reporter.Reports);
        Assert.Equal(3, CheckpointStore.Read(Path.Combine(dir.Path, "last")).State.Step);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringReport_ReturnsCancelledWithLastCheckpoint()
    {
        using var dir = new TempDir();
        using var cts = new CancellationTokenSource();
        var reporter = new RecordingReporter { OnReport = n => cts.Cancel() };
        TrialResult r = await Trainer().RunAsync(Spec(Majority, dir.Path), reporter, cts.Token);
        Assert.Equal(TrialOutcome.Cancelled, r.Outcome);
        Assert.Single(reporter.Reports);
        Assert.Equal(3, CheckpointStore.Read(Path.Combine(dir.Path, "last")).State.Step);
    }

    [Fact]
    public async Task RunAsync_Completed_ReportsEveryMetricAtEachInterval()
    {
        using var dir = new TempDir();
        var reporter = new RecordingReporter();
        TrialResult r = await Trainer().RunAsync(Spec(Majority, dir.Path), reporter, CancellationToken.None);
        Assert.Equal(TrialOutcome.Completed, r.Outcome);
        Assert.Equal([3L, 6L, 9L, 12L], reporter.Reports.Select(x => x.Step));
        Assert.Equal(
            ["elapsed_s", "epoch", "step", "tokens_per_s", "train_loss", "val_accuracy", "val_loss"],
            reporter.Reports[0].Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3.0 / 5, reporter.Reports[0].Values["epoch"], 12);
        Assert.All(reporter.Reports, x => Assert.InRange(x.Values["val_accuracy"], 0, 1));
    }

    [Fact]
    public async Task RunAsync_BestObjective_KeepsBestNotLast()
    {
        using var dir = new TempDir();
        var reporter = new RecordingReporter();
        var objective = new ObjectiveSpec("train_loss", ObjectiveMode.Max);
        await Trainer().RunAsync(Spec(Majority, dir.Path, objective: objective), reporter, CancellationToken.None);
        MetricReport best = reporter.Reports.Aggregate((a, b) => b.Values["train_loss"] > a.Values["train_loss"] ? b : a);
        Assert.Equal(best.Step, CheckpointStore.Read(Path.Combine(dir.Path, "best")).State.Step);
        Assert.Equal(12, CheckpointStore.Read(Path.Combine(dir.Path, "last")).State.Step);
    }

    [Fact]
    public async Task RunAsync_InvalidSettings_FailsAtOnceNamingTheKey()
    {
        using var dir = new TempDir();
        var reporter = new RecordingReporter();
        TrialResult r = await Trainer().RunAsync(Spec("""{"task": "synthetic-majority", "heads": 3, "dropout": 2}""", dir.Path), reporter, CancellationToken.None);
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.Equal("trial.heads: 3 does not divide d_model 64; trial.dropout: 2 is out of range [0, 1)", r.Error);
        Assert.Empty(reporter.Reports);
    }

    [Fact]
    public async Task RunAsync_MissingDataFile_FailsNamingTheFile()
    {
        using var dir = new TempDir();
        string settings = """{"task": "classify", "data": {"train": "/nonexistent/train.tsv", "validation": "/nonexistent/v.tsv"}}""";
        TrialResult r = await Trainer().RunAsync(Spec(settings, dir.Path), new RecordingReporter(), CancellationToken.None);
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.StartsWith("/nonexistent/train.tsv: cannot read", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ResumeFromCorruptCheckpoint_FailsNamingTheFile()
    {
        using var dir = new TempDir();
        await Trainer().RunAsync(Spec(Majority, dir.Path), new RecordingReporter { StopAt = 1 }, CancellationToken.None);
        string last = Path.Combine(dir.Path, "last");
        File.WriteAllText(Path.Combine(last, "optimizer.safetensors"), "garbage");
        TrialResult r = await Trainer().RunAsync(Spec(Majority, dir.Path, last), new RecordingReporter(), CancellationToken.None);
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.Contains("optimizer.safetensors: checksum mismatch", r.Error, StringComparison.Ordinal);
    }
}
