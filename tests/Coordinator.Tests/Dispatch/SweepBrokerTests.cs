using Microsoft.Extensions.Time.Testing;
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
    private readonly FakeTimeProvider _time = new();
    private RuntimeKit _kit = null!;
    private SweepBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _kit = await RuntimeKit.StartAsync(_tmp.File("b.db"));
        _broker = new SweepBroker(_time, new RuntimeOptions());
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _kit.DisposeAsync();
        _tmp.Dispose();
    }

    private async Task<SweepRef> AddAsync(string name, int trials)
    {
        var def = SimDefinitions.Quality(_tmp.File("ck"), [.. Enumerable.Range(1, trials).Select(i => i / 10.0)]) with { Name = name };
        var actor = await _kit.CreateAsync(def, _time, new RuntimeOptions(), _broker.SignalWork);
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
    public async Task LeaseAsync_ThreePollsWaitingOneTrialHandedBack_WakesOnlyOne()
    {
        await AddAsync("a", 1);
        var first = (await _broker.LeaseAsync("w0", 1, TimeSpan.Zero, CancellationToken.None)).Single();
        var waiting = Enumerable.Range(1, 3).Select(i => _broker.LeaseAsync($"w{i}", 1, TimeSpan.FromHours(1), CancellationToken.None).AsTask()).ToList();
        Assert.True(await Poll.UntilAsync(() => _broker.Waiters.Waiting == 3, TimeSpan.FromMinutes(1)));
        await _broker.FailAsync(first.Trial, "shutdown", null, interrupted: true, CancellationToken.None);
        var winner = await Task.WhenAny(waiting).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(first.Trial.TrialId, (await winner).Single().Trial.TrialId);
        Assert.Equal(1, _broker.Waiters.Woken);
        Assert.Equal(2, _broker.Waiters.Waiting);
        Assert.Equal(1, waiting.Count(t => t.IsCompleted));
    }

    [Fact]
    public async Task LeaseAsync_TwoLeasesExpireWhileAPollWithTwoSlotsWaits_OneWakeUpTwoGrants()
    {
        await AddAsync("a", 2);
        var leased = await _broker.LeaseAsync("w0", 2, TimeSpan.Zero, CancellationToken.None);
        Assert.Equal(2, leased.Count);
        var waiting = _broker.LeaseAsync("w1", 2, TimeSpan.FromHours(1), CancellationToken.None).AsTask();
        Assert.True(await Poll.UntilAsync(() => _broker.Waiters.Waiting == 1, TimeSpan.FromMinutes(1)));
        _time.Advance(new RuntimeOptions().LeaseTtl + TimeSpan.FromSeconds(1));
        await _broker.TickAllAsync();
        var grants = await waiting.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(leased.Select(g => g.Trial.TrialId).Order(), grants.Select(g => g.Trial.TrialId).Order());
        Assert.All(grants, g => Assert.Equal(2, g.Trial.Attempt));
        Assert.Equal(1, _broker.Waiters.Woken);
    }

    [Fact]
    public async Task LeaseWaiters_WokenPollGotNothing_PassesTheWakeUpOnBoundedByTheWaiters()
    {
        var waiters = new LeaseWaiters();
        var a = waiters.Enqueue(waiters.Epoch)!;
        var b = waiters.Enqueue(waiters.Epoch)!;
        waiters.Signal(1);
        Assert.Equal(2, await a.Value.Task);
        Assert.False(b.Value.Task.IsCompleted);
        waiters.PassOn(await a.Value.Task);
        Assert.Equal(1, await b.Value.Task);
        var c = waiters.Enqueue(waiters.Epoch)!;
        waiters.PassOn(await b.Value.Task);
        Assert.False(c.Value.Task.IsCompleted);
        Assert.Equal(2, waiters.Woken);
        Assert.Null(waiters.Enqueue(waiters.Epoch - 1));
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
        await using var restarted = new SweepBroker(_time, new RuntimeOptions()); // a coordinator restart: a new broker
        var c = await restarted.RegisterAsync(info, CancellationToken.None);
        Assert.NotEqual(a.WorkerId, c.WorkerId); // ids stay unique across restarts (the first id of each lifetime differs)
        Assert.Equal(new RuntimeOptions().LeaseTtl, a.LeaseTtl);
    }

    [Fact]
    public async Task LeaseAsync_TorchTrial_OnlyTheWorkerRegisteredWithTorchGetsIt()
    {
        var def = SimDefinitions.Quality(_tmp.File("ck"), [0.5]) with
        {
            Name = "torch",
            Trial = System.Text.Json.JsonSerializer.SerializeToElement(new { evaluations = 4, engine = "torch" }),
        };
        _broker.Add(await _kit.CreateAsync(def, _time, new RuntimeOptions(), _broker.SignalWork));
        var plain = await _broker.RegisterAsync(new WorkerInfo("plain", 1, [], 1, new Dictionary<string, string>(), "1"), CancellationToken.None);
        var torch = await _broker.RegisterAsync(new WorkerInfo("torch", 1, [], 1, new Dictionary<string, string>(), "1") { Engines = ["cpu", "torch"] }, CancellationToken.None);

        Assert.Empty(await _broker.LeaseAsync(plain.WorkerId, 1, TimeSpan.Zero, CancellationToken.None));
        Assert.Single(await _broker.LeaseAsync(torch.WorkerId, 1, TimeSpan.Zero, CancellationToken.None));
    }
}
