using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Local;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.GpuWorker.Agent;
using SweepCluster.Messages;
using SweepCluster.Training.Command;

namespace SweepCluster.Coordinator.Tests.Command;

/// <summary>GPU slots through real sweeps: local <c>run</c> and the worker agent behind the real API, on a fake 4-GPU machine.</summary>
public sealed class GpuSlotsSweepTests
{
    [LinuxOnlyFact]
    public async Task Run_FourFakeGpusEightOneGpuAndTwoTwoGpuTrials_NoGpuSharedAndEveryGroupGone()
    {
        using var dir = new TempDir();
        var kit = new GpuSweepKit(dir.Path);
        var path = dir.File("sweep.hocon");
        File.WriteAllText(path, kit.SweepText("sqlite:" + dir.File("s.db"), dir.File("runs"), localWorkers: 4));
        var output = new StringWriter();
        var runner = new SweepRunner(output, TimeProvider.System, LocalTrainers.Create(TimeProvider.System), live: false, gpuSearchPath: kit.Bin);

        var code = await runner.RunAsync(SweepFileLoader.Load(path), restart: false, CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(0, code);
        kit.AssertGpusNeverShared();
        await using var store = await SweepStores.OpenAsync("sqlite:" + dir.File("s.db"), CancellationToken.None);
        var sweep = await store.FindSweepByNameAsync("gpus", CancellationToken.None);
        await GpuSweepKit.AssertOutcomesAsync(store, sweep!.Id);
    }

    [LinuxOnlyFact]
    public async Task Run_TrialNeedsMoreGpusThanTheMachine_ConfigErrorNamesTheKey()
    {
        using var dir = new TempDir();
        var kit = new GpuSweepKit(dir.Path);
        var path = dir.File("sweep.hocon");
        File.WriteAllText(path, kit.SweepText("sqlite:" + dir.File("s.db"), dir.File("runs"), localWorkers: 4).Replace("[1, 2]", "[1, 5]", StringComparison.Ordinal).Replace("gpus_per_trial == 2", "gpus_per_trial == 5", StringComparison.Ordinal));
        var runner = new SweepRunner(new StringWriter(), TimeProvider.System, LocalTrainers.Create(TimeProvider.System), live: false, gpuSearchPath: kit.Bin);

        var e = await Assert.ThrowsAsync<ConfigException>(() => runner.RunAsync(SweepFileLoader.Load(path), restart: false, CancellationToken.None));

        Assert.Contains("resources.gpus_per_trial", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs 5 GPU(s) but this machine has 4", e.Message, StringComparison.Ordinal);
    }

    [LinuxOnlyFact]
    public async Task Agent_FourFakeGpusEightOneGpuAndTwoTwoGpuTrials_NoGpuSharedAndEveryGroupGone()
    {
        using var dir = new TempDir();
        var kit = new GpuSweepKit(dir.Path);
        var file = SweepFileLoader.LoadText(kit.SweepText("sqlite:" + dir.File("unused.db"), dir.File("runs"), localWorkers: 1), directory: dir.Path);
        var gpus = await Training.Resources.GpuDiscovery.DiscoverAsync(kit.Bin);
        await using var host = await GpuSweepKit.StartHostAsync(dir.File("s.db"));
        var id = await host.AddAsync(SweepDefinitions.From(file, SweepPlanner.Plan(file.Sweep)), CancellationToken.None);
        using var http = CoordinatorClient.CreateHttp(new Uri(host.BaseAddress.GetLeftPart(UriPartial.Authority)));
        var options = new AgentOptions
        {
            Name = "gpu", WorkDir = dir.File("worker"), LeaseWait = TimeSpan.FromSeconds(1), BusyLeaseWait = TimeSpan.FromMilliseconds(200),
            BackoffBase = TimeSpan.FromMilliseconds(5),
        };
        var agent = new WorkerAgent(options, new CoordinatorClient(http, "wt"), _ => new CommandTrainer(),
            [.. gpus.Select(g => new GpuDescriptor(g.Index, g.Name, g.MemoryMiB))], TimeProvider.System, _ => { });
        using var stop = new CancellationTokenSource();
        var run = agent.RunAsync(stop.Token);

        var status = await host.Broker.Find(id)!.Completion.WaitAsync(TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        Assert.Equal(0, await run.WaitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal(4, agent.Slots);
        Assert.Equal(SweepStatus.Completed, status);
        kit.AssertGpusNeverShared();
        await host.CaughtUpAsync(CancellationToken.None); // the read model follows the journal
        await GpuSweepKit.AssertOutcomesAsync(host.Store, id);
    }
}
