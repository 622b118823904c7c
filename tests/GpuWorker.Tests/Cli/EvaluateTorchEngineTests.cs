using SweepCluster.GpuWorker.Cli;
using SweepCluster.Training.Torch;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Tests.Cli;

/// <summary><c>evaluate --engine torch</c> and the worker's catalog: torch where LibTorch loads, one-line refusal elsewhere.</summary>
public sealed class EvaluateTorchEngineTests
{
    [Fact]
    public async Task Run_TorchEngine_SameMetricsOrOneLineCause()
    {
        using var tmp = new TempDir();
        string file = tmp.File("trial.hocon", TrainCommandTests.Trial);
        Assert.Equal(0, await TrainCommand.RunAsync(new TrainArgs(file), TrainerCatalog.CreateDefault(), TextWriter.Null, TextWriter.Null, CancellationToken.None));
        string last = Path.Combine(tmp.Path, "ckpt", "last");

        using var cpuOut = new StringWriter();
        Assert.Equal(0, EvaluateCommand.Run(new EvaluateArgs(last), WorkerTrainers.Models("cpu"), cpuOut, TextWriter.Null));
        using var torchOut = new StringWriter();
        using var torchErr = new StringWriter();
        int code = EvaluateCommand.Run(new EvaluateArgs(last), WorkerTrainers.Models("torch"), torchOut, torchErr);
        if (TorchProbe.Current.Problem is { } problem)
        {
            Assert.Equal((1, problem + Environment.NewLine), (code, torchErr.ToString()));
        }
        else
        {
            Assert.Equal((0, ""), (code, torchErr.ToString()));
            Assert.Contains("examples=16", torchOut.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_WorkerCatalog_TorchTrialAcceptedExactlyWhereLibTorchLoads()
    {
        TrainerCatalog catalog = WorkerTrainers.Create(TimeProvider.System);
        var settings = System.Text.Json.JsonDocument.Parse("""{"task": "synthetic-majority", "engine": "torch"}""").RootElement;
        Assert.Equal(WorkerTrainers.Capability.TorchUsable, catalog.Validate(settings).Count == 0);
    }
}
