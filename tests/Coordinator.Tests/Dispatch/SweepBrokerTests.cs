using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.Coordinator.Tests.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Dispatch;

public sealed class SweepBrokerTests : IAsyncLifetime
{
    private readonly TempDir _tmp = new();
    private readonly ManualTimeProvider _time = new();
    private SqliteSweepStore _store = null!;
    private SweepBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteSweepStore(_tmp.File("b.db"));
        await _store.InitializeAsync(CancellationToken.None);
        _broker = new SweepBroker(_time, new RuntimeOptions());
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _store.DisposeAsync();
        _tmp.Dispose();
    }

    private async Task<SweepActor> AddAsync(string name, int trials)
    {
        var def = SimDefinitions.Quality(_tmp.File("ck"), [.. Enumerable.Range(1, trials).Select(i => i / 10.0)]) with { Name = name };
        var actor = await SweepActor.CreateAsync(def, _store, _time, new RuntimeOptions(), _broker.SignalWork, CancellationToken.None);
        _broker.Add(actor);
        return actor;
    }

    [Fact]
    public async Task LeaseAsync_TwoSweeps_FillsSlotsAcrossSweepsWithDistinctIds()
    {
        await AddAsync("a", 1);
        await AddAsync("b", 2);
        var grants = await _broker.LeaseAsync("w", 3, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(3, grants.Count);
        Assert.Equal(3, grants.Select(g => g.Trial.TrialId).Distinct().Count());
        Assert.Equal(2, grants.Select(g => TrialIds.SweepOf(g.Trial.TrialId)).Distinct().Count());
    }

    [Fact]
    public async Task LeaseAsync_NothingPendingLongWait_WakesWhenATrialIsHandedBack()
    {
        await AddAsync("a", 1);
        var first = (await _broker.LeaseAsync("w1", 1, TimeSpan.Zero, CancellationToken.None)).Single();
        var waiting = _broker.LeaseAsync("w2", 1, TimeSpan.FromHours(1), CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(BrokerAnswer.Continue, await _broker.FailAsync(first.Trial, "shutdown", null, interrupted: true, CancellationToken.None));
        var second = (await waiting.WaitAsync(TimeSpan.FromMinutes(1))).Single();
        Assert.Equal(first.Trial.TrialId, second.Trial.TrialId);
        Assert.Equal(2, second.Trial.Attempt);
    }

    [Fact]
    public async Task Calls_UnknownSweepOrTrial_UnknownAndToldToStop()
    {
        await AddAsync("a", 1);
        var bogus = new TrialRef("nosuch-12345678.0", 1, 1);
        Assert.Equal(BrokerAnswer.Unknown, await _broker.ReportAsync(bogus, new MetricReport(1, new Dictionary<string, double>()), CancellationToken.None));
        Assert.Equal(BrokerAnswer.Unknown, await _broker.CompleteAsync(bogus, null, stopped: false, CancellationToken.None));
        Assert.Equal(BrokerAnswer.Unknown, await _broker.FailAsync(new TrialRef("garbage", 1, 1), "x", null, interrupted: false, CancellationToken.None));
        var beat = await _broker.HeartbeatAsync("w", [bogus], CancellationToken.None);
        Assert.Equal([bogus], beat.Stop);
    }

    [Fact]
    public async Task RegisterAsync_TwoWorkersSameName_DistinctIdsAndTimings()
    {
        var info = new WorkerInfo("gpu box", 2, [], 8, new Dictionary<string, string>(), "1");
        var a = await _broker.RegisterAsync(info, CancellationToken.None);
        var b = await _broker.RegisterAsync(info, CancellationToken.None);
        Assert.NotEqual(a.WorkerId, b.WorkerId);
        Assert.Matches("^[a-z0-9-]+$", a.WorkerId);
        Assert.Equal(new RuntimeOptions().LeaseTtl, a.LeaseTtl);
    }
}
