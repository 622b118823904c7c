using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Tests.Support;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

/// <summary>The <c>engine</c> and <c>device</c> settings, and a process without the torch engine refusing torch trials.</summary>
public sealed class EngineSelectionTests
{
    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

    [Theory]
    [InlineData("""{"task": "synthetic-majority"}""", "cpu", "auto")]
    [InlineData("""{"task": "synthetic-majority", "engine": "torch"}""", "torch", "auto")]
    [InlineData("""{"task": "synthetic-majority", "engine": "torch", "device": "cuda:3"}""", "torch", "cuda:3")]
    [InlineData("""{"task": "synthetic-majority", "engine": "cpu", "device": "cpu"}""", "cpu", "cpu")]
    public void Parse_EngineAndDevice_Read(string json, string engine, string device)
    {
        var errors = new List<string>();
        EngineSettings? s = EngineSettingsParser.Parse(Json(json), errors);
        Assert.Empty(errors);
        Assert.Equal((engine, device), (s!.Engine, s.Device));
    }

    [Theory]
    [InlineData("""{"task": "synthetic-majority", "engine": "jax"}""", "trial.engine: 'jax' is not one of cpu | torch")]
    [InlineData("""{"task": "synthetic-majority", "engine": "torch", "device": "gpu"}""", "trial.device: 'gpu' is not a device (expected auto | cpu | cuda | cuda:N)")]
    [InlineData("""{"task": "synthetic-majority", "engine": "torch", "device": "cuda:x"}""", "trial.device: 'cuda:x' is not a device (expected auto | cpu | cuda | cuda:N)")]
    [InlineData("""{"task": "synthetic-majority", "device": "cuda"}""", "trial.device: cuda needs engine = torch (the cpu engine computes on the CPU only)")]
    public void Parse_BadEngineOrDevice_ErrorNamesKey(string json, string expected)
    {
        var errors = new List<string>();
        Assert.Null(EngineSettingsParser.Parse(Json(json), errors));
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void Validate_TorchTrialWithoutTorchEngine_RefusedAtPlanTimeNamingTheWayOut()
    {
        string error = Assert.Single(TrainerCatalog.CreateDefault().Validate(Json("""{"task": "synthetic-majority", "engine": "torch"}""")));
        Assert.StartsWith("trial.engine: torch is not available in this process", error, StringComparison.Ordinal);
        Assert.Contains("GpuWorker", error, StringComparison.Ordinal);
        Assert.Contains("engine = cpu", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TorchTrialWithoutTorchEngine_FailsWithTheSameMessage()
    {
        using var dir = new TempDir();
        var spec = new TrialSpec
        {
            TrialId = "t",
            Task = "synthetic-majority",
            Settings = Json("""{"task": "synthetic-majority", "engine": "torch"}"""),
            CheckpointDir = dir.Path,
        };
        TrialResult r = await new EngineTrainer(TransformerModelFactory.Instance, new ManualTimeProvider()).RunAsync(spec, new RecordingReporter(), CancellationToken.None);
        Assert.Equal(TrialOutcome.Failed, r.Outcome);
        Assert.StartsWith("trial.engine: torch is not available in this process", r.Error, StringComparison.Ordinal);
    }
}
