using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

public sealed class SweepActorGroupCommitTests : IAsyncLifetime
{
    private readonly TempDir _tmp = new();
    private readonly ManualTimeProvider _time = new();
    private readonly RuntimeOptions _options = new() { LeaseTtl = TimeSpan.FromSeconds(30) };
    private GatedStore _store = null!;
    private SweepActor _actor = null!;
    private IReadOnlyList<LeaseGrant> _grants = [];

    public async Task InitializeAsync()
    {
        var sqlite = new SqliteSweepStore(_tmp.File("g.db"));
        await sqlite.InitializeAsync(CancellationToken.None);
        _store = new GatedStore(sqlite);
        _actor = await SweepActor.CreateAsync(SimDefinitions.Quality(_tmp.File("ck"), [0.5, 0.3]), _store, _time, _options, _ => { }, CancellationToken.None);
        _grants = await _actor.LeaseAsync("w1", 2);
        _store.Commits.Clear();
        _store.Hold = true;
    }

    public async Task DisposeAsync()
    {
        _store.Hold = false;
        _store.Release();
        await _actor.DisposeAsync();
        await _store.DisposeAsync();
        _tmp.Dispose();
    }

    private static MetricReport Report(long step, double loss) => new(step, new Dictionary<string, double> { ["val_loss"] = loss });

    private Task<IReadOnlyList<MetricRecord>> MetricsAsync() => _store.GetMetricsAsync(_actor.SweepId, CancellationToken.None);

    [Fact]
    public async Task ReportAsync_SeveralWaitingDuringACommit_OneTransactionRepliesOnlyAfterIt()
    {
        var first = _actor.ReportAsync(_grants[0].Trial, Report(100, 0.9));
        await _store.EnteredAsync();
        var second = _actor.ReportAsync(_grants[1].Trial, Report(100, 0.8));
        var third = _actor.ReportAsync(_grants[0].Trial, Report(200, 0.7));
        var heartbeat = _actor.HeartbeatAsync("w1", [_grants[1].Trial]);
        Assert.False(first.IsCompleted);
        _store.Release();
        Assert.Equal(BrokerAnswer.Continue, await first);

        await _store.EnteredAsync();
        Assert.False(second.IsCompleted || third.IsCompleted || heartbeat.IsCompleted);
        Assert.Single(await MetricsAsync());
        _store.Release();
        Assert.Equal([BrokerAnswer.Continue, BrokerAnswer.Continue], await Task.WhenAll(second, third));
        Assert.Empty(await heartbeat);
        Assert.Equal([1, 3], _store.Commits);
        Assert.Equal(3, (await MetricsAsync()).Count);
        Assert.Equal(4, _actor.Commits);
    }

    [Fact]
    public async Task ReportAsync_CommitOfTheBatchFails_EveryReplyFailsNothingStoredActorStops()
    {
        var first = _actor.ReportAsync(_grants[0].Trial, Report(100, 0.9));
        await _store.EnteredAsync();
        var second = _actor.ReportAsync(_grants[1].Trial, Report(100, 0.8));
        var third = _actor.ExitAsync(_grants[0].Trial, AttemptEnd.Completed, Report(200, 0.7), null);
        _store.Release();
        await first;

        await _store.EnteredAsync();
        _store.FailNext = true;
        _store.Release();
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => second);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => third);
        Assert.Single(await MetricsAsync());
        Assert.Equal(TrialStatus.Running, (await _store.GetTrialAsync(_grants[0].Trial.TrialId, CancellationToken.None))!.Status);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => _actor.SnapshotAsync());
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => _actor.Completion);

        _store.Hold = false;
        var sweep = (await _store.GetSweepAsync(_actor.SweepId, CancellationToken.None))!;
        await using var recovered = await SweepActor.RecoverAsync(sweep, _store, _time, _options, _ => { }, CancellationToken.None);
        Assert.Equal(BrokerAnswer.Continue, await recovered.ReportAsync(_grants[1].Trial, Report(100, 0.8)));
        Assert.Equal(BrokerAnswer.Duplicate, await recovered.ReportAsync(_grants[0].Trial, Report(100, 0.9)));
    }
}
