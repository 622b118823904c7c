using System.Text.Json;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Search;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.Messages;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

/// <summary>The sweep actor under Akka.TestKit: probes, virtual time, and journal failures injected by Akka.Persistence.TestKit.</summary>
public sealed class SweepActorKitTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(AkkaTestConfig.Persistent, output: output), IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private ITestJournal Journal => TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));

    private SweepDefinition Def(string name, params double[] q) => SimDefinitions.Quality(_tmp.File("ck"), q) with { Name = name, MaxFailuresPerTrial = 2 };

    private Task<SweepRef> CreateAsync(SweepDefinition def, RuntimeOptions? options = null) =>
        SweepRef.CreateAsync(Sys, def, _time, options ?? new RuntimeOptions(), _ => { }, CancellationToken.None);

    private static MetricReport Report(long step, double loss) => new(step, new Dictionary<string, double> { ["val_loss"] = loss });

    [Fact]
    public async Task LeaseTrials_FromProbe_AnswersGrantsWithDistinctTokens()
    {
        var sweep = await CreateAsync(Def("probe", 0.5, 0.3));
        var probe = CreateTestProbe();

        sweep.Actor.Tell(new LeaseTrials("w1", new LeaseCapacity(5)), probe.Ref);

        var grants = probe.ExpectMsg<IReadOnlyList<LeaseGrant>>();
        Assert.Equal(2, grants.Count);
        Assert.NotEqual(grants[0].Trial.FencingToken, grants[1].Trial.FencingToken);
        sweep.Actor.Tell(new LeaseTrials("w2", new LeaseCapacity(1)), probe.Ref);
        Assert.Empty(probe.ExpectMsg<IReadOnlyList<LeaseGrant>>());
    }

    [Fact]
    public async Task ReportMetric_JournalWriteFails_NeverAcknowledgedThenRecoveredWithoutIt()
    {
        var sweep = await CreateAsync(Def("fail", 0.5));
        var probe = CreateTestProbe();
        sweep.Actor.Tell(new LeaseTrials("w1", new LeaseCapacity(1)), probe.Ref);
        var grant = Assert.Single(probe.ExpectMsg<IReadOnlyList<LeaseGrant>>());

        await Journal.OnWrite.Fail();
        sweep.Actor.Tell(new ReportMetric(grant.Trial, Report(100, 0.9)), probe.Ref);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // the write failed: no acknowledgement, the actor stopped

        await Journal.OnWrite.Pass();
        Scheduler.Advance(TimeSpan.FromSeconds(10)); // the backoff supervisor restarts it; it recovers from the journal
        sweep.Actor.Tell(WhenReady.Instance, probe.Ref);
        probe.ExpectMsg<SweepReady>();
        sweep.Actor.Tell(new ReportMetric(grant.Trial, Report(100, 0.9)), probe.Ref);
        Assert.Equal(BrokerAnswer.Continue, probe.ExpectMsg<BrokerAnswer>()); // not Duplicate: the failed report was never applied
        sweep.Actor.Tell(new ReportMetric(grant.Trial, Report(100, 0.9)), probe.Ref);
        Assert.Equal(BrokerAnswer.Duplicate, probe.ExpectMsg<BrokerAnswer>());
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(3)]
    public async Task Recover_AfterStop_RebuildsTheLiveState(int snapshotEvery)
    {
        var options = new RuntimeOptions { SnapshotEvery = snapshotEvery };
        var live = await CreateAsync(Def($"replay-{snapshotEvery}", 0.5, 0.3, 0.7), options);
        var grants = await live.LeaseAsync("w1", 2);
        Assert.Equal(BrokerAnswer.Continue, await live.ReportAsync(grants[0].Trial, Report(1, 0.6)));
        Assert.Equal(BrokerAnswer.Continue, await live.ExitAsync(grants[0].Trial, AttemptEnd.Completed, Report(2, 0.4), null));
        Assert.Equal(BrokerAnswer.Continue, await live.ExitAsync(grants[1].Trial, AttemptEnd.Failed, null, "boom"));
        var before = await live.SnapshotAsync();
        await live.DisposeAsync();

        var recovered = await SweepRef.RecoverAsync(Sys, live.SweepId, _time, options, _ => { }, CancellationToken.None);
        var after = await recovered.SnapshotAsync();

        Assert.Equal(before.Trials.Select(t => t with { LeaseExpiry = null }), after.Trials.Select(t => t with { LeaseExpiry = null }));
        Assert.Equal(before.Sweep, after.Sweep);
        Assert.Equal(before.Latest.Keys.Order(), after.Latest.Keys.Order());
        var again = await recovered.LeaseAsync("w2", 5);
        Assert.All(again, g => Assert.True(g.Trial.FencingToken > grants.Max(x => x.Trial.FencingToken))); // tokens never reused
    }

    [Fact]
    public async Task RecoverAsync_NoJournal_FailsAndLeavesNoActor()
    {
        await Assert.ThrowsAnyAsync<Exception>(() =>
            SweepRef.RecoverAsync(Sys, "never-created", _time, new RuntimeOptions { AskTimeout = TimeSpan.FromSeconds(2) }, _ => { }, CancellationToken.None));
    }

    [Fact]
    public async Task CancelSweep_PendingTrials_SweepEndsCancelled()
    {
        var sweep = await CreateAsync(Def("cancel", 0.5, 0.3));
        await sweep.CancelAsync();
        Assert.Equal(SweepStatus.Cancelled, await sweep.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.All((await sweep.SnapshotAsync()).Trials, t => Assert.Equal(TrialStatus.Cancelled, t.Status));
    }

    [Fact]
    public async Task TpeSweep_ToTheEnd_CreatesItsBudgetOfPointsOutsideThePlanThenCompletes()
    {
        var def = Def("tpe", 0.5) with
        {
            Search = "tpe",
            Space = [new ParameterConfig("q", DistributionKind.Uniform) { Low = 0, High = 1 }],
            MaxTrials = 6,
            MaxConcurrent = 2,
            Tpe = new TpeSettings { NStartup = 3 },
        };
        var sweep = await CreateAsync(def);
        var seen = new HashSet<string>();
        for (var round = 0; round < 20 && !sweep.Completion.IsCompleted; round++)
        {
            foreach (var g in await sweep.LeaseAsync("w", 2))
            {
                seen.Add(g.Trial.TrialId);
                var q = g.Spec.Settings.GetProperty("q").GetDouble();
                Assert.Equal(BrokerAnswer.Continue, await sweep.ExitAsync(g.Trial, AttemptEnd.Completed, Report(1, q), null));
            }
        }

        Assert.Equal(SweepStatus.Completed, await sweep.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        var trials = (await sweep.SnapshotAsync()).Trials;
        Assert.Equal(6, trials.Count);
        Assert.Equal(6, seen.Count);
        Assert.Equal(6, trials.Select(t => t.Key).Distinct().Count());
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
    }

    [Fact]
    public async Task LeaseTrials_TorchAndCudaTrials_OnlyToWorkersThatRunTheirEngine()
    {
        var def = Def("engines", 0.5) with
        {
            Plan =
            [
                new PlannedTrial(0, "cpu", new Dictionary<string, JsonElement> { ["q"] = JsonSerializer.SerializeToElement(0.5) }),
                new PlannedTrial(1, "torch", new Dictionary<string, JsonElement> { ["q"] = JsonSerializer.SerializeToElement(0.4), ["engine"] = JsonSerializer.SerializeToElement("torch") }),
                new PlannedTrial(2, "cuda", new Dictionary<string, JsonElement>
                {
                    ["q"] = JsonSerializer.SerializeToElement(0.3), ["engine"] = JsonSerializer.SerializeToElement("torch"), ["device"] = JsonSerializer.SerializeToElement("cuda:0"),
                }),
            ],
        };
        var sweep = await CreateAsync(def);

        var cpuOnly = await sweep.LeaseAsync("cpu-box", new LeaseCapacity(5));
        var torchCpu = await sweep.LeaseAsync("torch-box", new LeaseCapacity(5) { Engines = ["cpu", "torch"] });
        var gpuBox = await sweep.LeaseAsync("gpu-box", new LeaseCapacity(5) { Engines = ["cpu", "torch", "cuda"] });

        Assert.Equal([$"{sweep.SweepId}.0"], cpuOnly.Select(g => g.Trial.TrialId));
        Assert.Equal([$"{sweep.SweepId}.1"], torchCpu.Select(g => g.Trial.TrialId));
        Assert.Equal([$"{sweep.SweepId}.2"], gpuBox.Select(g => g.Trial.TrialId));
    }

    /// <inheritdoc/>
    public new void Dispose()
    {
        _tmp.Dispose();
        base.Dispose();
    }
}
