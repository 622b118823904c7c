using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Tests.Support;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

public sealed class TrainerCatalogTests
{
    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

    [Fact]
    public void Create_BuiltIns_RegistersEngineTasksAndNoop()
    {
        TrainerCatalog catalog = TrainerCatalog.CreateDefault();
        Assert.Equal(["classify", "command", "function", "language-model", "noop", "synthetic-induction", "synthetic-majority"], catalog.Tasks);
        Assert.IsType<EngineTrainer>(catalog.Find("classify"));
        Assert.Null(catalog.Find("dance"));
    }

    [Theory]
    [InlineData("""{"lr": 1}""", "trial.task: required, one of classify | command | function | language-model | noop | synthetic-induction | synthetic-majority")]
    [InlineData("""{"task": "dance"}""", "trial.task: unknown task 'dance' (expected one of classify | command | function | language-model | noop | synthetic-induction | synthetic-majority)")]
    [InlineData("""{"task": "synthetic-induction", "heads": 3}""", "trial.heads: 3 does not divide d_model 64")]
    [InlineData("""{"task": "noop", "value": "x"}""", "trial.value: expected a number, found 'x'")]
    public void Validate_BadSettings_ReturnsErrorNamingKey(string json, string expected)
    {
        Assert.Equal([expected], TrainerCatalog.CreateDefault().Validate(Json(json)));
    }

    [Fact]
    public void Validate_GoodSettings_ReturnsNoErrors()
    {
        Assert.Empty(TrainerCatalog.CreateDefault().Validate(Json("""{"task": "synthetic-majority", "lr": 0.01, "seed": 4}""")));
    }

    [Fact]
    public async Task NoopRunAsync_Spec_ReportsOnceAndCompletes()
    {
        var reporter = new RecordingReporter();
        var spec = new TrialSpec { TrialId = "n", Task = "noop", Settings = Json("""{"task": "noop", "value": 0.5}"""), CheckpointDir = "unused" };
        TrialResult r = await new NoopTrainer().RunAsync(spec, reporter, CancellationToken.None);
        Assert.Equal(TrialOutcome.Completed, r.Outcome);
        Assert.Equal(0.5, Assert.Single(reporter.Reports).Values["val_loss"]);
    }
}
