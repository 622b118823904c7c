using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Tests.Support;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

public sealed class FunctionTrainerTests
{
    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

    private static TrialSpec Spec(string settings) =>
        new() { TrialId = "f", Task = "function", Settings = Json(settings), CheckpointDir = "unused" };

    [Fact]
    public async Task RunAsync_BraninAtAMinimiser_ReportsZeroRegret()
    {
        var reporter = new RecordingReporter();
        var r = await new FunctionTrainer().RunAsync(Spec("""{"task": "function", "function": "branin", "x1": 3.141592653589793, "x2": 2.275}"""), reporter, CancellationToken.None);
        Assert.Equal(TrialOutcome.Completed, r.Outcome);
        Assert.Equal(0, Assert.Single(reporter.Reports).Values["regret"], 5);
    }

    [Fact]
    public async Task RunAsync_NoisyMultiFidelity_NoiseShrinksWithSteps()
    {
        var reporter = new RecordingReporter();
        var settings = """{"task": "function", "function": "hartmann6", "steps": 400, "noise": 1, "seed": 3}""";
        await new FunctionTrainer().RunAsync(Spec(settings), reporter, CancellationToken.None);
        var clean = SweepCluster.Training.Tasks.TestFunctions.Hartmann6([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
        double Error(int from, int to) => reporter.Reports.Skip(from).Take(to - from).Average(m => Math.Abs(m.Values["value"] - clean));
        Assert.Equal(400, reporter.Reports.Count);
        Assert.All(reporter.Reports, m => Assert.Equal(m.Values["value"] - SweepCluster.Training.Tasks.TestFunctions.Minimum("hartmann6"), m.Values["regret"], 9));
        Assert.True(Error(0, 20) > 3 * Error(300, 400), $"early {Error(0, 20)} late {Error(300, 400)}");
    }

    [Fact]
    public async Task RunAsync_StopAnswer_StopsEarly()
    {
        var reporter = new RecordingReporter { StopAt = 2 };
        var r = await new FunctionTrainer().RunAsync(Spec("""{"task": "function", "function": "rosenbrock", "dimensions": 4, "steps": 10}"""), reporter, CancellationToken.None);
        Assert.Equal(TrialOutcome.Stopped, r.Outcome);
        Assert.Equal(2, reporter.Reports.Count);
    }

    [Theory]
    [InlineData("""{"task": "function"}""", "trial.function: required, one of branin | hartmann6 | rosenbrock")]
    [InlineData("""{"task": "function", "function": "branin", "x1": 11}""", "trial.x1: 11 is out of range [-5, 10]")]
    [InlineData("""{"task": "function", "function": "branin", "x3": 1}""", "trial.x3: unknown setting")]
    public void Validate_BadSettings_NamesTheKey(string json, string expected)
    {
        Assert.StartsWith(expected, Assert.Single(FunctionTrainer.Validate(Json(json))));
    }
}
