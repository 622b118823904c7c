using System.Text.Json;
using SweepCluster.Training.Common;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Torch.Tests.Support;

/// <summary>Settings, models and seeded batches shared by the parity tests.</summary>
internal static class ParityKit
{
    public const int Vocab = 23;
    public const int Classes = 3;
    public const int Block = 12;
    public const int BatchSize = 4;

    /// <summary>Engine settings from <paramref name="json"/> (a JSON object's members), with small model defaults.</summary>
    public static EngineSettings Settings(string task, string json = "")
    {
        string text = $$"""{"task": "{{task}}", "d_model": 16, "heads": 2, "layers": 2, "d_ff": 32, "block_size": {{Block}}, "batch_size": {{BatchSize}}, "dropout": 0, "classifier_hidden": 8{{(json.Length > 0 ? ", " + json : "")}}}""";
        using JsonDocument doc = JsonDocument.Parse(text);
        var errors = new List<string>();
        return EngineSettingsParser.Parse(doc.RootElement.Clone(), errors) ?? throw new ArgumentException(string.Join("; ", errors));
    }

    public static ModelRequest Request(EngineSettings s, long seed = 7, long totalSteps = 50) =>
        new(s, Vocab, s.IsClassifier ? Classes : 0, BatchSize, 1, seed, totalSteps);

    /// <summary>A seeded batch: next-token windows, or padded classification rows (one row all padding now and then).</summary>
    public static Batch Batch(EngineSettings s, Xoshiro256 rng)
    {
        int[] tokens = new int[BatchSize * Block];
        if (!s.IsClassifier)
        {
            int[] targets = new int[BatchSize * Block];
            for (int i = 0; i < tokens.Length; i++)
            {
                tokens[i] = rng.NextInt(Vocab);
                targets[i] = rng.NextInt(Vocab);
            }

            return new Batch(BatchSize, Block, tokens, targets);
        }

        int[] labels = new int[BatchSize];
        for (int b = 0; b < BatchSize; b++)
        {
            int length = b == 3 && rng.NextInt(4) == 0 ? 0 : 1 + rng.NextInt(Block);
            for (int p = 0; p < length; p++)
            {
                tokens[(b * Block) + p] = 1 + rng.NextInt(Vocab - 1);
            }

            labels[b] = rng.NextInt(Classes);
        }

        return new Batch(BatchSize, Block, tokens, labels);
    }

    /// <summary>Relative difference |a − b| / max(|a|, tiny).</summary>
    public static double Relative(double a, double b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), 1e-12);
}
