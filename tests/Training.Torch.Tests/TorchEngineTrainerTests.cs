using SweepCluster.Messages;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Torch.Tests.Support;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Torch.Tests;

/// <summary>engine = torch through the shared training loop: reproducible, resumable, checkpoints interchangeable with the CPU engine.</summary>
public sealed class TorchEngineTrainerTests
{
    [TorchTheory]
    [InlineData(Trials.Induction)]
    [InlineData(Trials.Majority)]
    public async Task RunAsync_SameSeedTwice_BitwiseEqualMetrics(string template)
    {
        string settings = Trials.With(template, "torch", dropout: 0.1);
        using var a = new TempDir();
        using var b = new TempDir();
        var first = new RecordingReporter();
        var second = new RecordingReporter();
        Assert.Equal(TrialOutcome.Completed, (await Trials.Trainer().RunAsync(Trials.Spec(settings, a.Path), first, CancellationToken.None)).Outcome);
        Assert.Equal(TrialOutcome.Completed, (await Trials.Trainer().RunAsync(Trials.Spec(settings, b.Path), second, CancellationToken.None)).Outcome);
        Assert.Equal(4, first.Reports.Count);
        Assert.Equal(first.Reports.Select(r => r.Values["val_loss"]), second.Reports.Select(r => r.Values["val_loss"]));
        Assert.Equal(first.Reports.Select(r => r.Values["train_loss"]), second.Reports.Select(r => r.Values["train_loss"]));
    }

    [TorchTheory]
    [InlineData(Trials.Induction)]
    [InlineData(Trials.Majority)]
    public async Task RunAsync_TorchStoppedThenResumed_MetricsEqualStraightRun(string template)
    {
        string settings = Trials.With(template, "torch", dropout: 0.1);
        using var straightDir = new TempDir();
        var straight = new RecordingReporter();
        await Trials.Trainer().RunAsync(Trials.Spec(settings, straightDir.Path), straight, CancellationToken.None);

        using var dir = new TempDir();
        var first = new RecordingReporter { StopAt = 2 };
        Assert.Equal(TrialOutcome.Stopped, (await Trials.Trainer().RunAsync(Trials.Spec(settings, dir.Path), first, CancellationToken.None)).Outcome);
        var second = new RecordingReporter();
        TrialResult resumed = await Trials.Trainer().RunAsync(Trials.Spec(settings, dir.Path, Path.Combine(dir.Path, "last")), second, CancellationToken.None);
        Assert.Equal(TrialOutcome.Completed, resumed.Outcome);
        List<MetricReport> joined = [.. first.Reports, .. second.Reports];
        Assert.Equal(straight.Reports.Select(r => r.Step), joined.Select(r => r.Step));
        Assert.Equal(straight.Reports.Select(r => r.Values["val_loss"]), joined.Select(r => r.Values["val_loss"]));
    }

    [TorchTheory]
    [InlineData(Trials.Induction, "torch", "cpu")]
    [InlineData(Trials.Induction, "cpu", "torch")]
    [InlineData(Trials.Majority, "torch", "cpu")]
    [InlineData(Trials.Majority, "cpu", "torch")]
    public async Task RunAsync_ResumedOnTheOtherEngine_TracksStraightRun(string template, string before, string after)
    {
        using var straightDir = new TempDir();
        var straight = new RecordingReporter();
        await Trials.Trainer().RunAsync(Trials.Spec(Trials.With(template, before), straightDir.Path), straight, CancellationToken.None);

        using var dir = new TempDir();
        var first = new RecordingReporter { StopAt = 2 };
        await Trials.Trainer().RunAsync(Trials.Spec(Trials.With(template, before), dir.Path), first, CancellationToken.None);
        var second = new RecordingReporter();
        string last = Path.Combine(dir.Path, "last");
        TrialResult resumed = await Trials.Trainer().RunAsync(Trials.Spec(Trials.With(template, after), dir.Path, last), second, CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, resumed.Outcome);
        Assert.Equal(straight.Reports.Skip(2).Select(r => r.Step), second.Reports.Select(r => r.Step));
        for (int i = 0; i < second.Reports.Count; i++)
        {
            double a = straight.Reports[i + 2].Values["val_loss"], b = second.Reports[i].Values["val_loss"];
            Assert.True(Math.Abs(a - b) <= 1e-4 * Math.Abs(a), $"evaluation {i + 3}: straight {before} run {a}, resumed on {after} {b}");
        }
    }

    [TorchTheory]
    [InlineData(Trials.Induction, "torch")]
    [InlineData(Trials.Induction, "cpu")]
    [InlineData(Trials.Majority, "torch")]
    [InlineData(Trials.Majority, "cpu")]
    public async Task CheckpointModel_TrainedOnOneEngine_EvaluatesEquallyOnBoth(string template, string engine)
    {
        using var dir = new TempDir();
        await Trials.Trainer().RunAsync(Trials.Spec(Trials.With(template, engine), dir.Path), new RecordingReporter(), CancellationToken.None);
        string best = Path.Combine(dir.Path, "best");
        Assert.Equal(engine, CheckpointStore.Read(best).State.Settings.GetProperty("engine").GetString());

        using CheckpointModel onCpu = CheckpointModel.Load(best, TransformerModelFactory.Instance);
        using CheckpointModel onTorch = CheckpointModel.Load(best, TorchModels.Instance);
        Dictionary<string, double> a = onCpu.Evaluate(null);
        Dictionary<string, double> b = onTorch.Evaluate(null);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach ((string key, double value) in a)
        {
            Assert.True(Math.Abs(value - b[key]) <= 1e-5 * Math.Max(1, Math.Abs(value)), $"{key}: cpu engine {value}, torch engine {b[key]}");
        }
    }

    [TorchFact]
    public async Task Attention_TorchCheckpointModel_ProbabilitiesMatchCpuEngine()
    {
        using var dir = new TempDir();
        await Trials.Trainer().RunAsync(Trials.Spec(Trials.With(Trials.Induction, "torch"), dir.Path), new RecordingReporter(), CancellationToken.None);
        string last = Path.Combine(dir.Path, "last");
        using CheckpointModel onCpu = CheckpointModel.Load(last, TransformerModelFactory.Instance);
        using CheckpointModel onTorch = CheckpointModel.Load(last, TorchModels.Instance);
        var (_, a) = onCpu.Attention("1 2 3 4 5 1 2");
        var (_, b) = onTorch.Attention("1 2 3 4 5 1 2");
        Assert.Equal(a.Count, b.Count);
        for (int l = 0; l < a.Count; l++)
        {
            Assert.Equal(a[l].Length, b[l].Length);
            Assert.All(a[l].Zip(b[l]), p => Assert.Equal(p.First, p.Second, 1e-5));
        }
    }
}
