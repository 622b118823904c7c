using SweepCluster.Messages;
using SweepCluster.Training.Tests.Support;

namespace SweepCluster.Training.Tests.Tasks;

/// <summary>The induction task separates depth: copying the second half of an episode needs a previous-token head and
/// an induction head in the next layer. About 15 s (1,000 steps each).</summary>
public sealed class SyntheticInductionDepthTests
{
    private const string Settings = """
        {"task": "synthetic-induction", "max_steps": 1000, "eval_interval": 250, "batch_size": 32, "block_size": 32,
         "d_model": 32, "dropout": 0.0, "positional": "rope", "init": "pytorch", "lr": 3e-3,
         "synthetic": {"seq_len": 8, "vocab": 8}}
        """;

    [Fact]
    public async Task Train_OneLayerOneHeadVersusTwoLayers_TwoLayersReachAClearlyLowerLoss()
    {
        double one = Final(await SyntheticRun.TrainAsync(Settings, layers: 1, heads: 1));
        double two = Final(await SyntheticRun.TrainAsync(Settings, layers: 2, heads: 2));

        // uniform over the 8 content tokens is ln 8 ≈ 2.08 nats; perfect copying of the second halves ≈ 1.0
        Assert.True(one - two > 0.15, $"1 layer {one:F3}, 2 layers {two:F3}");
        Assert.True(two < 1.75, $"2 layers {two:F3}");
    }

    private static double Final(IReadOnlyList<MetricReport> reports) => reports[^1].Values["val_loss"];
}
