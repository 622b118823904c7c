using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.GpuWorker.Agent;
using SweepCluster.Training.Command;

namespace SweepCluster.Coordinator.Tests.Command;

/// <summary>Cluster mode: the agent ships a command trial's logs while it runs and at its end; <c>logs --coordinator</c> reads them.</summary>
public sealed class RemoteLogsTests
{
    [LinuxOnlyFact]
    public async Task Logs_AgentShipsWhileRunningAndAtEnd_CliReadsThemFromTheCoordinator()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("train.sh"), $$"""
            echo first-out
            echo first-err >&2
            while [ ! -f "{{dir.Path}}/go" ]; do sleep 0.02; done
            echo second-out
            """.ReplaceLineEndings("\n"));
        await using var host = await GpuSweepKit.StartHostAsync(dir.File("s.db"));
        var sweepId = await host.AddAsync(GpuSweepKit.OneCommandTrial("logs", dir.File("train.sh"), dir.File("runs")), CancellationToken.None);
        var trial = TrialIds.TrialId(sweepId, 0);
        var url = host.BaseAddress.GetLeftPart(UriPartial.Authority);
        using var http = CoordinatorClient.CreateHttp(new Uri(url));
        var options = new AgentOptions { Name = "w", WorkDir = dir.File("worker"), LeaseWait = TimeSpan.FromSeconds(1), LogUploadInterval = TimeSpan.FromMilliseconds(50) };
        var agent = new WorkerAgent(options, new CoordinatorClient(http, "wt"), _ => new CommandTrainer(), [], TimeProvider.System, _ => { });
        using var stop = new CancellationTokenSource();
        var run = agent.RunAsync(stop.Token);

        // While the program waits, its first line is already on the coordinator.
        var stored = Path.Combine(dir.File("runs"), "logs");
        var shipped = await Poll.UntilAsync(() => Directory.Exists(stored) && Directory.EnumerateFiles(stored, "stdout.log", SearchOption.AllDirectories)
            .Any(f => File.ReadAllText(f).Contains("first-out", StringComparison.Ordinal)), TimeSpan.FromMinutes(2));
        var whileRunning = await CliAsync("logs", trial, "--coordinator", url);
        File.WriteAllText(dir.File("go"), "");
        Assert.Equal(SweepStatus.Completed, await host.Broker.Find(sweepId)!.Completion.WaitAsync(TimeSpan.FromMinutes(2)));
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        var after = await CliAsync("logs", trial, "--coordinator", url);
        var followed = await CliAsync("logs", trial, "--coordinator", url, "--follow").WaitAsync(TimeSpan.FromMinutes(1));
        var missing = await CliAsync("logs", trial, "--coordinator", url, "--attempt", "2");

        Assert.True(shipped, "no log reached the coordinator while the trial ran");
        Assert.Equal(0, whileRunning.Code);
        Assert.Contains("first-out", whileRunning.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("second-out", whileRunning.Out, StringComparison.Ordinal);
        Assert.Equal(0, after.Code);
        Assert.Contains("==> attempt 1: stdout.log <==\nfirst-out\nsecond-out\n", after.Out, StringComparison.Ordinal);
        Assert.Contains("==> attempt 1: stderr.log <==\nfirst-err\n", after.Out, StringComparison.Ordinal);
        Assert.Equal(0, followed.Code);
        Assert.Contains("first-out\nsecond-out\n", followed.Out, StringComparison.Ordinal);
        Assert.Equal(2, missing.Code);
        Assert.Contains("--attempt", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_CoordinatorNotAUrl_ConfigErrorNamesTheOption()
    {
        var result = await CliAsync("logs", "t1", "--coordinator", "nope");
        Assert.Equal(2, result.Code);
        Assert.Contains("--coordinator", result.Err, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var code = await CliApp.RunAsync(args, new CliContext(output, error) { Time = TimeProvider.System }, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
