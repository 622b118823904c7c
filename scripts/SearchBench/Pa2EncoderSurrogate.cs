using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Search;

namespace SweepCluster.SearchBench;

/// <summary>
/// A surrogate of the learning curves of examples/pa2-encoder.hocon's 90 grid points (validation accuracy in % after each
/// of 15 epochs). Not measured: the shape is calibrated to the one measured curve in docs/pa2-reproduction.md (33.3 %
/// after epoch 1, rising to about 84 % by epoch 15, with epoch-to-epoch wobbles of about a point), and each setting
/// moves the plateau and the speed by a plausible amount (SGD at lr 1e-3 learns slowly and ends far lower; adagrad a
/// little lower than AdamW; wider models end a little higher but learn slower; deeper ones learn slower). Each point also
/// gets a fixed random offset of its plateau (sd 1 point), so the grid's best is not given by the formula alone, and each
/// epoch a seeded noise (sd 0.8 points). Deterministic per point and epoch.
/// </summary>
internal static class Pa2EncoderSurrogate
{
    /// <summary>Validation accuracy (%) of <paramref name="p"/> after epoch <paramref name="epoch"/> (1-based).</summary>
    public static double Accuracy(PlannedTrial p, int epoch)
    {
        var layers = p.Parameters["layers"].GetInt32();
        var heads = p.Parameters["heads"].GetInt32();
        var width = p.Parameters["d_model"].GetInt32();
        var dropout = p.Parameters["dropout"].GetDouble();
        var optimizer = p.Parameters["optimizer"].GetString();
        var (plateau, tau) = optimizer switch
        {
            "adamw" => (84.0, 3.0),
            "adagrad" => (80.5, 4.0),
            _ => (58.0, 14.0),
        };
        plateau += layers switch { 2 => -1.2, 4 => 0.0, _ => -0.4 } + (width == 128 ? 0.8 : 0) + (heads == 4 ? 0.3 : 0) - (dropout > 0.15 ? 0.4 : 0);
        tau *= (1 + (0.12 * (layers - 2))) * (width == 128 ? 1.25 : 1) * (dropout > 0.15 ? 1.1 : 1);
        var rng = new SplitMix64(Hash(p.Key));
        plateau += rng.NextGaussian();
        var noise = new SplitMix64(Hash(p.Key) ^ (ulong)epoch * 0x9E3779B97F4A7C15UL).NextGaussian() * 0.8;
        return 33.3 + ((plateau - 33.3) * (1 - Math.Exp(-(epoch - 1) / tau))) + (epoch > 1 ? noise : 0);
    }

    private static ulong Hash(string key) => Convert.ToUInt64(key[..12], 16);
}
