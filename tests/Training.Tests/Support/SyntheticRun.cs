using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Support;

/// <summary>Trains one synthetic trial to the end (seeded, 1 thread) and returns its evaluations.</summary>
internal static class SyntheticRun
{
    public static async Task<IReadOnlyList<MetricReport>> TrainAsync(string settings, int layers, int heads)
    {
        using var dir = new TempDir();
        using JsonDocument doc = JsonDocument.Parse(settings);
        var merged = new Dictionary<string, JsonElement>();
        foreach (JsonProperty p in doc.RootElement.EnumerateObject())
        {
            merged[p.Name] = p.Value.Clone();
        }

        merged["layers"] = JsonSerializer.SerializeToElement(layers);
        merged["heads"] = JsonSerializer.SerializeToElement(heads);
        var spec = new TrialSpec
        {
            TrialId = $"depth-{layers}x{heads}",
            Task = merged["task"].GetString()!,
            Settings = JsonSerializer.SerializeToElement(merged),
            CheckpointDir = dir.Path,
            Seed = 1,
        };
        var reporter = new RecordingReporter();
        TrialResult result = await new EngineTrainer(TransformerModelFactory.Instance, new ManualTimeProvider())
            .RunAsync(spec, reporter, CancellationToken.None);
        Assert.True(result.Outcome == TrialOutcome.Completed, result.Error);
        return reporter.Reports;
    }
}
