using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Tests.Support;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

/// <summary>The translate and pretrain-span tasks through <see cref="EngineTrainer"/>: metrics, resume, init_from.</summary>
public sealed class Seq2SeqTrainerTests
{
    private const string Translate = """
        {"task": "translate", "layers": 1, "heads": 2, "d_model": 16, "d_ff": 32, "batch_size": 8, "block_size": 16,
         "eval_interval": 4, "max_steps": 12, "epochs": 3, "dropout": 0.1, "label_smoothing": 0.1, "beam_size": 2,
         "eval_batches": 2, "synthetic": {"train_size": 64, "validation_size": 16, "vocab": 6}}
        """;

    private static TrialSpec Spec(string settings, string dir, string? resume = null) => new()
    {
        TrialId = "t",
        Task = JsonDocument.Parse(settings).RootElement.GetProperty("task").GetString()!,
        Settings = JsonDocument.Parse(settings).RootElement.Clone(),
        CheckpointDir = dir,
        ResumeFrom = resume,
        Seed = 7,
        Objective = new ObjectiveSpec("val_bleu", ObjectiveMode.Max),
    };

    private static EngineTrainer Trainer() => new(TransformerModelFactory.Instance, new ManualTimeProvider());

    [Fact]
    public async Task RunAsync_SyntheticTranslate_ReportsLossTokenAccuracyAndBleu()
    {
        using var dir = new TempDir();
        var reporter = new RecordingReporter();

        TrialResult r = await Trainer().RunAsync(Spec(Translate, dir.Path), reporter, CancellationToken.None);

        Assert.True(r.Outcome == TrialOutcome.Completed, r.Error);
        Assert.Equal(3, reporter.Reports.Count);
        foreach (MetricReport m in reporter.Reports)
        {
            Assert.InRange(m.Values["val_bleu"], 0, 1);
            Assert.InRange(m.Values["val_token_accuracy"], 0, 1);
            Assert.True(double.IsFinite(m.Values["val_loss"]));
        }

        Assert.True(reporter.Reports[^1].Values["val_loss"] < reporter.Reports[0].Values["val_loss"]);
        Assert.Equal("translate", CheckpointStore.Read(Path.Combine(dir.Path, "best")).State.Task);
        using CheckpointModel saved = CheckpointModel.Load(Path.Combine(dir.Path, "best"), TransformerModelFactory.Instance);
        Dictionary<string, double> evaluated = saved.Evaluate(null);
        Assert.Equal(16, evaluated["pairs"]);
        Assert.InRange(evaluated["bleu"], 0, 1);
        Assert.Throws<ArgumentException>(() => saved.Attention("a0 n1 now v0 n2"));
    }

    [Fact]
    public async Task RunAsync_SeparateVocabulariesStoppedThenResumed_MetricsBitwiseEqualStraightRun()
    {
        string settings = Translate.Replace("\"beam_size\": 2", "\"shared_vocab\": false", StringComparison.Ordinal);
        using var straightDir = new TempDir();
        var straight = new RecordingReporter();
        await Trainer().RunAsync(Spec(settings, straightDir.Path), straight, CancellationToken.None);
        using var dir = new TempDir();
        var first = new RecordingReporter { StopAt = 1 };
        await Trainer().RunAsync(Spec(settings, dir.Path), first, CancellationToken.None);
        var second = new RecordingReporter();

        TrialResult resumed = await Trainer().RunAsync(Spec(settings, dir.Path, Path.Combine(dir.Path, "last")), second, CancellationToken.None);

        Assert.True(resumed.Outcome == TrialOutcome.Completed, resumed.Error);
        List<MetricReport> joined = [.. first.Reports, .. second.Reports];
        Assert.Equal(straight.Reports.Select(m => m.Values.OrderBy(kv => kv.Key)), joined.Select(m => m.Values.OrderBy(kv => kv.Key)));
        Assert.NotEmpty(CheckpointStore.Read(Path.Combine(dir.Path, "last")).State.TargetVocabulary);
    }

    [Fact]
    public async Task RunAsync_PretrainSpanThenTranslateInitFrom_CopiesTensorsAndMismatchNamesBothShapes()
    {
        using var dir = new TempDir();
        string text = string.Join('\n', Enumerable.Range(0, 40).Select(i => $"the cat number {i % 7} sat on the mat near door {i % 5} ."));
        string file = dir.File("lines.txt", text);
        string tsv = dir.File("pairs.tsv", string.Join('\n', Enumerable.Range(0, 20).Select(i => $"the cat {i % 7} sat\tmat door {i % 5} .")));
        string pretrain = $$$"""
            {"task": "pretrain-span", "layers": 1, "heads": 2, "d_model": 16, "d_ff": 32, "batch_size": 8, "block_size": 16,
             "epochs": 1, "dropout": 0, "data": {"train": "{{{file}}}", "validation": "{{{file}}}"}}
            """;
        using var pre = new TempDir();
        TrialResult p = await Trainer().RunAsync(Spec(pretrain, pre.Path), new RecordingReporter(), CancellationToken.None);
        Assert.True(p.Outcome == TrialOutcome.Completed, p.Error);
        string best = Path.Combine(pre.Path, "best");
        string finetune = $$$"""
            {"task": "translate", "layers": 1, "heads": 2, "d_model": WIDTH, "d_ff": 32, "batch_size": 8, "block_size": 16,
             "epochs": 1, "dropout": 0, "init_from": "{{{best}}}", "data": {"train": "{{{tsv}}}", "validation": "{{{tsv}}}"}}
            """;
        var reporter = new RecordingReporter();
        using var ft = new TempDir();

        TrialResult ok = await Trainer().RunAsync(Spec(finetune.Replace("WIDTH", "16", StringComparison.Ordinal), ft.Path), reporter, CancellationToken.None);
        TrialResult bad = await Trainer().RunAsync(Spec(finetune.Replace("WIDTH", "32", StringComparison.Ordinal), ft.Path), new RecordingReporter(), CancellationToken.None);

        Assert.True(ok.Outcome == TrialOutcome.Completed, ok.Error);
        Assert.Contains(reporter.Lines, l => l.Contains("tensors copied, fresh: []", StringComparison.Ordinal));
        using (CheckpointModel saved = CheckpointModel.Load(Path.Combine(ft.Path, "last"), TransformerModelFactory.Instance))
        {
            Assert.Equal(20, saved.Evaluate(tsv)["pairs"]);
        }

        Assert.Equal(TrialOutcome.Failed, bad.Outcome);
        Assert.Contains("tok_emb.weight is [", bad.Error, StringComparison.Ordinal);
        Assert.Contains("16] in the checkpoint but [", bad.Error, StringComparison.Ordinal);
        Assert.Contains("32] in this trial", bad.Error, StringComparison.Ordinal);
    }
}
