using SweepCluster.Training.Tasks;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Tasks;

public sealed class ParameterCountTests
{
    [Theory]
    [InlineData("synthetic-majority", "learned", false, 2, 16, 32)]
    [InlineData("synthetic-majority", "alibi", false, 1, 8, 12)]
    [InlineData("synthetic-induction", "learned", false, 2, 16, 40)]
    [InlineData("synthetic-induction", "rope", true, 3, 12, 20)]
    [InlineData("synthetic-induction", "sinusoidal", true, 0, 8, 16)]
    public void ClosedForm_Configurations_EqualsTheBuiltModel(string task, string positional, bool tied, int layers, int dModel, int dff)
    {
        var s = new EngineSettings
        {
            Task = task, Positional = positional, TiedHead = tied, Layers = layers, DModel = dModel, DFF = dff, Heads = 2,
            BlockSize = 10, ClassifierHidden = 7,
        };
        int classes = s.IsClassifier ? 3 : 0;
        using ITaskModel model = TransformerModelFactory.Instance.Create(new ModelRequest(s, 23, classes, 4, 1, 1, 10));
        Assert.Equal(model.ParameterCount, ParameterCount.ClosedForm(s, 23, classes));
    }

    [Fact]
    public void ClosedForm_Pa2Encoder_MatchesHandCount()
    {
        // 5064·64 + 32·64 + 4·(4·64² + 2·64·256 + 9·64 + 256) + 2·64 + (64·100 + 100 + 100·3 + 3)
        var s = new EngineSettings { Task = "classify" };
        Assert.Equal(324_096 + 2_048 + 199_936 + 128 + 6_803, ParameterCount.ClosedForm(s, 5064, 3));
    }
}
