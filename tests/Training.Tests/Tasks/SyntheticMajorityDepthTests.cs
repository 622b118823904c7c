using SweepCluster.Messages;
using SweepCluster.Training.Tests.Support;

namespace SweepCluster.Training.Tests.Tasks;

/// <summary>The majority task separates depth: read at &lt;cls&gt;, one layer sees only a bag of tokens (chance between
/// the two markers present), two layers find the markers after &lt;key&gt;. About 10 s (800 steps each).</summary>
public sealed class SyntheticMajorityDepthTests
{
    private const string Settings = """
        {"task": "synthetic-majority", "max_steps": 800, "epochs": 100, "eval_interval": 200, "batch_size": 32,
         "block_size": 24, "d_model": 32, "dropout": 0.0, "positional": "rope", "init": "pytorch", "lr": 1e-3}
        """;

    [Fact]
    public async Task Train_OneLayerOneHeadVersusTwoLayers_TwoLayersScoreClearlyHigher()
    {
        double one = Best(await SyntheticRun.TrainAsync(Settings, layers: 1, heads: 1));
        double two = Best(await SyntheticRun.TrainAsync(Settings, layers: 2, heads: 2));

        Assert.InRange(one, 0.0, 0.6);
        Assert.InRange(two, 0.9, 1.0);
        Assert.True(two - one > 0.3, $"1 layer {one:F3}, 2 layers {two:F3}");
    }

    private static double Best(IReadOnlyList<MetricReport> reports) => reports.Max(r => r.Values["val_accuracy"]);
}
