using Microsoft.Extensions.Time.Testing;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

public sealed class SweepActorTests : IAsyncLifetime
{
    private readonly TempDir _tmp = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RuntimeOptions _options = new() { LeaseTtl = TimeSpan.FromSeconds(30) };
    private RuntimeKit _kit = null!;
    private ISweepStore _store = null!;
    private SweepRef _actor = null!;
    private SweepDefinition _def = null!;

    public async Task InitializeAsync()
    {
        _kit = await RuntimeKit.StartAsync(_tmp.File("a.db"));
        _store = _kit.Store;
        _def = SimDefinitions.Quality(_tmp.File("ck"), [0.5, 0.3]) with { MaxFailuresPerTrial = 2 };
        _actor = await _kit.CreateAsync(_def, _time, _options);
    }

    public async Task DisposeAsync()
    {
        await _actor.DisposeAsync();
        await _kit.DisposeAsync();
        _tmp.Dispose();
    }

    private static MetricReport Report(long step, double loss) => new(step, new Dictionary<string, double> { ["val_loss"] = loss, ["epoch"] = step / 100.0 });

    private async Task<TrialRecord> TrialAsync(string id) => (await _store.GetTrialAsync(id, CancellationToken.None))!;

    [Fact]
    public async Task LeaseAsync_TwoPending_PlanOrderNewTokensAndSpec()
    {
        var grants = await _actor.LeaseAsync("w1", 5);
        Assert.Equal(2, grants.Count);
        Assert.Equal([$"{_actor.SweepId}.0", $"{_actor.SweepId}.1"], grants.Select(g => g.Trial.TrialId));
        Assert.NotEqual(grants[0].Trial.FencingToken, grants[1].Trial.FencingToken);
        var spec = grants[0].Spec;
        Assert.Equal(0.5, spec.Settings.GetProperty("q").GetDouble());
        Assert.Equal(4, spec.Settings.GetProperty("evaluations").GetInt32());
        Assert.EndsWith(Path.Combine("sim", "q=0.5"), spec.CheckpointDir);
        Assert.Equal(TrialIds.TrialSeed(_def.Seed, "q=0.5"), spec.Seed);
        Assert.Null(spec.ResumeFrom);
        Assert.Equal(_time.GetUtcNow() + _options.LeaseTtl, grants[0].ExpiresAt);
        Assert.Equal(TrialStatus.Leased, (await TrialAsync(grants[0].Trial.TrialId)).Status);
        Assert.Empty(await _actor.LeaseAsync("w2", 1));
    }

    [Fact]
    public async Task ReportAsync_SameStepTwice_SecondIsDuplicateAndBestKept()
    {
        var g = (await _actor.LeaseAsync("w1", 1))[0];
        Assert.Equal(BrokerAnswer.Continue, await _actor.ReportAsync(g.Trial, Report(100, 0.9)));
        Assert.Equal(BrokerAnswer.Duplicate, await _actor.ReportAsync(g.Trial, Report(100, 0.1)));
        Assert.Equal(BrokerAnswer.Continue, await _actor.ReportAsync(g.Trial, Report(200, 0.7)));
        Assert.Equal(BrokerAnswer.Continue, await _actor.ReportAsync(g.Trial, Report(300, 0.8)));
        var t = await TrialAsync(g.Trial.TrialId);
        Assert.Equal(TrialStatus.Running, t.Status);
        Assert.Equal(0.7, t.BestValue);
        Assert.Equal(200, t.BestStep);
        Assert.Equal(2.0, t.BestEpoch);
        Assert.Equal(3, (await _store.GetMetricsAsync(_actor.SweepId, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task TickAsync_LeaseExpired_PendingNextAttemptOldTokenStale()
    {
        var g = (await _actor.LeaseAsync("w1", 1))[0];
        await _actor.ReportAsync(g.Trial, Report(100, 0.9));
        _time.Advance(TimeSpan.FromSeconds(29));
        await _actor.TickAsync();
        Assert.Equal(TrialStatus.Running, (await TrialAsync(g.Trial.TrialId)).Status);
        _time.Advance(TimeSpan.FromSeconds(2));
        await _actor.TickAsync();
        var t = await TrialAsync(g.Trial.TrialId);
        Assert.Equal(TrialStatus.Pending, t.Status);
        Assert.Equal(2, t.Attempt);
        Assert.Equal(0, t.Failures);
        Assert.Equal(BrokerAnswer.Stale, await _actor.ReportAsync(g.Trial, Report(200, 0.5)));
        Assert.Equal(BrokerAnswer.Stale, await _actor.ExitAsync(g.Trial, AttemptEnd.Completed, null, null));
        var again = (await _actor.LeaseAsync("w2", 1))[0];
        Assert.Equal(g.Trial.TrialId, again.Trial.TrialId);
        Assert.Equal(2, again.Trial.Attempt);
        Assert.True(again.Trial.FencingToken > g.Trial.FencingToken);
    }

    [Fact]
    public async Task HeartbeatAsync_Current_RenewsLeaseStaleToldToStop()
    {
        var g = (await _actor.LeaseAsync("w1", 1))[0];
        _time.Advance(TimeSpan.FromSeconds(20));
        var bogus = g.Trial with { FencingToken = 999 };
        var answer = await _actor.HeartbeatAsync("w1", [g.Trial, bogus]);
        Assert.Equal([bogus], answer);
        _time.Advance(TimeSpan.FromSeconds(20));
        await _actor.TickAsync();
        Assert.Equal(TrialStatus.Leased, (await TrialAsync(g.Trial.TrialId)).Status);
    }

    [Fact]
    public async Task ExitAsync_FailsUpToMax_RetriedThenDeadWithError()
    {
        var g1 = (await _actor.LeaseAsync("w1", 1))[0];
        Assert.Equal(BrokerAnswer.Continue, await _actor.ExitAsync(g1.Trial, AttemptEnd.Failed, null, "oom"));
        var t = await TrialAsync(g1.Trial.TrialId);
        Assert.Equal((TrialStatus.Pending, 2, 1, "oom"), (t.Status, t.Attempt, t.Failures, t.Error));
        var g2 = (await _actor.LeaseAsync("w1", 1))[0];
        Assert.Equal(g1.Trial.TrialId, g2.Trial.TrialId);
        await _actor.ExitAsync(g2.Trial, AttemptEnd.Failed, null, "oom again");
        t = await TrialAsync(g1.Trial.TrialId);
        Assert.Equal((TrialStatus.Dead, 2, "oom again"), (t.Status, t.Failures, t.Error));
    }

    [Fact]
    public async Task ExitAsync_InterruptedThenResumed_ResumeFromLast()
    {
        var g = (await _actor.LeaseAsync("w1", 1))[0];
        Directory.CreateDirectory(Path.Combine(g.Spec.CheckpointDir, "last"));
        await _actor.ExitAsync(g.Trial, AttemptEnd.Interrupted, null, "shutdown");
        var t = await TrialAsync(g.Trial.TrialId);
        Assert.Equal((TrialStatus.Pending, 2, 0), (t.Status, t.Attempt, t.Failures));
        var again = (await _actor.LeaseAsync("w1", 1))[0];
        Assert.Equal(Path.Combine(g.Spec.CheckpointDir, "last"), again.Spec.ResumeFrom);
    }

    [Fact]
    public async Task ExitAsync_AllDone_SweepCompletedOnceAndDuplicateExitIgnored()
    {
        var grants = await _actor.LeaseAsync("w1", 2);
        await _actor.ExitAsync(grants[0].Trial, AttemptEnd.Completed, Report(400, 0.3), null);
        Assert.False(_actor.Completion.IsCompleted);
        await _actor.ExitAsync(grants[1].Trial, AttemptEnd.Completed, Report(400, 0.2), null);
        Assert.Equal(SweepStatus.Completed, await _actor.Completion);
        Assert.Equal(BrokerAnswer.Duplicate, await _actor.ExitAsync(grants[1].Trial, AttemptEnd.Completed, null, null));
        var sweep = await _store.GetSweepAsync(_actor.SweepId, CancellationToken.None);
        Assert.Equal(SweepStatus.Completed, sweep!.Status);
        Assert.Equal(0.2, (await TrialAsync(grants[1].Trial.TrialId)).BestValue);
    }

    [Fact]
    public async Task CancelAsync_OneRunning_PendingCancelledRunningToldToStop()
    {
        var g = (await _actor.LeaseAsync("w1", 1))[0];
        await _actor.CancelAsync();
        Assert.Equal(TrialStatus.Cancelled, (await TrialAsync($"{_actor.SweepId}.1")).Status);
        Assert.Equal(BrokerAnswer.Stop, await _actor.ReportAsync(g.Trial, Report(100, 0.5)));
        await _actor.ExitAsync(g.Trial, AttemptEnd.Stopped, null, null);
        Assert.Equal(SweepStatus.Cancelled, await _actor.Completion);
        Assert.Equal(TrialStatus.Cancelled, (await TrialAsync(g.Trial.TrialId)).Status);
    }

    [Fact]
    public async Task TickAsync_MaxTimeSpent_StopsRunningCancelsPending()
    {
        await _actor.DisposeAsync();
        _actor = await _kit.CreateAsync(_def with { Name = "timed", MaxTime = TimeSpan.FromMinutes(1) }, _time, _options);
        var g = (await _actor.LeaseAsync("w1", 1))[0];
        _time.Advance(TimeSpan.FromSeconds(61));
        await _actor.HeartbeatAsync("w1", [g.Trial]);
        await _actor.TickAsync();
        Assert.Equal(BrokerAnswer.Stop, await _actor.ReportAsync(g.Trial, Report(100, 0.5)));
        await _actor.ExitAsync(g.Trial, AttemptEnd.Stopped, null, null);
        Assert.Equal(SweepStatus.Completed, await _actor.Completion);
        Assert.Equal(TrialStatus.Stopped, (await TrialAsync(g.Trial.TrialId)).Status);
    }

    [Fact]
    public async Task ReportAsync_UnknownTrial_Unknown()
    {
        Assert.Equal(BrokerAnswer.Unknown, await _actor.ReportAsync(new TrialRef("nope.7", 1, 1), Report(1, 1)));
    }
}
