using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>The <c>run</c> verb trains in-process on the CPU engine only: an <c>engine = torch</c> sweep is refused before it starts.</summary>
public sealed class RunTorchEngineTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task Run_TorchEngineTrial_Exit2BeforeAnyTrialNamingEngine()
    {
        var path = _tmp.File("s.hocon");
        var db = _tmp.File("s.db").Replace("\\", "/", StringComparison.Ordinal);
        var runs = _tmp.File("runs").Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(path, $$"""
            sweep {
              name = torch
              space { lr = [0.01, 0.001] }
              trial { task = synthetic-majority, engine = torch, max_steps = 2 }
            }
            cluster { storage = "sqlite:{{db}}", local_workers = 1, checkpoint_dir = "{{runs}}" }
            """);
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await CliApp.RunAsync(["run", path], new CliContext(output, error), CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("trial.engine: torch is not available in this process", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(runs) && Directory.EnumerateFileSystemEntries(runs).Any());
    }
}
