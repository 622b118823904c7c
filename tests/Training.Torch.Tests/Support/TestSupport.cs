using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Torch.Tests.Support;

/// <summary>A clock that never moves (throughput 0, elapsed 0: metrics compare exactly).</summary>
internal sealed class FrozenTimeProvider : TimeProvider
{
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => 0;

    public override DateTimeOffset GetUtcNow() => new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>Records reports; answers Stop from report number <see cref="StopAt"/> (1-based) on.</summary>
internal sealed class RecordingReporter : ITrialReporter
{
    public List<MetricReport> Reports { get; } = [];

    public List<string> Lines { get; } = [];

    public int StopAt { get; init; } = int.MaxValue;

    public ValueTask<TrialDecision> ReportAsync(MetricReport report, CancellationToken ct)
    {
        Reports.Add(report);
        return ValueTask.FromResult(Reports.Count >= StopAt ? TrialDecision.Stop : TrialDecision.Continue);
    }

    public void Log(string line) => Lines.Add(line);
}

/// <summary>A fresh directory under the temp folder, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sweep-torch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>Trial specs and trainers for the engine tests.</summary>
internal static class Trials
{
    /// <summary>A synthetic induction (language-model head) trial with 4 evaluations.</summary>
    public const string Induction = """
        {"task": "synthetic-induction", "layers": 2, "heads": 2, "d_model": 16, "batch_size": 4, "block_size": 10,
         "eval_interval": 3, "max_steps": 12, "dropout": DROPOUT, "eval_batches": 3, "optimizer": "adam", "lr": 0.003,
         "lr_schedule": "cosine", "warmup_steps": 2, "grad_clip": 1.0, "positional": "rope", "engine": "ENGINE",
         "synthetic": {"train_size": 20, "validation_size": 10, "seq_len": 5, "vocab": 8}}
        """;

    /// <summary>A synthetic majority (classifier head) trial with 4 evaluations.</summary>
    public const string Majority = """
        {"task": "synthetic-majority", "layers": 1, "heads": 2, "d_model": 16, "batch_size": 8, "block_size": 17,
         "eval_interval": 3, "max_steps": 12, "epochs": 5, "dropout": DROPOUT, "classifier_hidden": 8, "lr": 0.003,
         "positional": "alibi", "engine": "ENGINE",
         "synthetic": {"train_size": 40, "validation_size": 16, "seq_len": 17, "vocab": 6}}
        """;

    public static string With(string template, string engine, double dropout = 0) =>
        template.Replace("ENGINE", engine, StringComparison.Ordinal)
            .Replace("DROPOUT", dropout.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static TrialSpec Spec(string settings, string dir, string? resume = null) => new()
    {
        TrialId = "t",
        Task = JsonDocument.Parse(settings).RootElement.GetProperty("task").GetString()!,
        Settings = JsonDocument.Parse(settings).RootElement.Clone(),
        CheckpointDir = dir,
        ResumeFrom = resume,
        Seed = 7,
    };

    /// <summary>An engine trainer with both engines, on a frozen clock.</summary>
    public static EngineTrainer Trainer() => new(TransformerModelFactory.Instance, new FrozenTimeProvider(), TorchModels.Instance);
}
