using Microsoft.Extensions.Time.Testing;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Leaderboard;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

/// <summary>
/// Whole sweeps in virtual time: 4 simulated workers in lock-step rounds (worker 0 first) drive the broker; the scripted
/// trainer reports q + 1/e at evaluation e and completes after 4 evaluations.
/// </summary>
public sealed class SimulationTests : IDisposable
{
    private static readonly SchedulerSettings Asha = new() { Kind = SchedulerKind.Asha, TimeAttr = TimeAttr.Evaluation, Grace = 1, ReductionFactor = 2, MaxT = 4 };
    private readonly TempDir _tmp = new();
    private readonly FakeTimeProvider _time = new();

    public void Dispose() => _tmp.Dispose();

    private sealed class SimWorker
    {
        public LeaseGrant? Grant { get; set; }

        public int Evaluation { get; set; }

        public int? CrashAt { get; set; }

        public bool Silent { get; set; }
    }

    private sealed class Outcomes
    {
        public Dictionary<string, int> Completions { get; } = [];

        public int StaleAnswers { get; set; }
    }

    private async Task<Outcomes> RunRoundsAsync(Func<SweepBroker> broker, Func<SweepRef> actor, Random? crashes, int maxRounds, Func<int, Task>? between = null)
    {
        var workers = Enumerable.Range(0, 4).Select(_ => new SimWorker()).ToArray();
        var outcomes = new Outcomes();
        for (var round = 0; round < maxRounds && !actor().Completion.IsCompleted; round++)
        {
            foreach (var w in workers)
            {
                await StepAsync(broker(), w, crashes, outcomes);
            }

            _time.Advance(TimeSpan.FromSeconds(5));
            await broker().TickAllAsync();
            if (between is not null)
            {
                await between(round);
            }
        }

        return outcomes;
    }

    private static async Task StepAsync(SweepBroker broker, SimWorker w, Random? crashes, Outcomes outcomes)
    {
        if (w.Grant is null)
        {
            var grants = await broker.LeaseAsync("w", 1, TimeSpan.Zero, CancellationToken.None);
            if (grants.Count == 0)
            {
                return;
            }

            w.Grant = grants[0];
            w.Evaluation = 0;
            w.CrashAt = crashes is not null && crashes.NextDouble() < 0.2 ? crashes.Next(1, 5) : null;
            w.Silent = crashes is not null && crashes.Next(2) == 0;
        }

        var trial = w.Grant.Trial;
        w.Evaluation++;
        if (w.CrashAt == w.Evaluation)
        {
            if (!w.Silent)
            {
                await broker.FailAsync(trial, "scripted crash", null, interrupted: false, CancellationToken.None);
            }
            else
            {
                // the worker vanished: its lease must expire; a late report with its token is stale
                w.Grant = null;
                return;
            }

            w.Grant = null;
            return;
        }

        var report = new MetricReport(w.Evaluation * 100, new Dictionary<string, double> { ["val_loss"] = SimDefinitions.Curve(w.Grant.Spec, w.Evaluation) });
        var answer = await broker.ReportAsync(trial, report, CancellationToken.None);
        if (answer == BrokerAnswer.Stale)
        {
            outcomes.StaleAnswers++;
            w.Grant = null;
            return;
        }

        if (answer == BrokerAnswer.Stop || w.Evaluation == 4)
        {
            var end = await broker.CompleteAsync(trial, null, stopped: answer == BrokerAnswer.Stop, CancellationToken.None);
            if (end is BrokerAnswer.Continue && answer != BrokerAnswer.Stop)
            {
                outcomes.Completions[trial.TrialId] = outcomes.Completions.GetValueOrDefault(trial.TrialId) + 1;
            }

            w.Grant = null;
        }
    }

    [Fact]
    public async Task Run_AshaEightTrials_StopsExactlyTheHandComputedTrials()
    {
        // rung table (η=2, rungs at evaluations 1 and 2; keep max(1, ⌊n/2⌋) of the n recorded so far):
        // rung 1 arrivals q: .5 keep, .3 keep, .7 STOP(3rd of 3), .2 keep(1st of 4), .6 STOP(4th of 5), .1 keep, .8 STOP(7th of 7), .4 keep(4th of 8)
        // rung 2 arrivals q: .5 keep, .3 keep, .2 keep, .1 keep(1st of 4), .4 STOP(4th of 5)
        await using var kit = await RuntimeKit.StartAsync(_tmp.File("sim.db"));
        var store = kit.Store;
        var def = SimDefinitions.Quality(_tmp.File("ck"), [0.5, 0.3, 0.7, 0.2, 0.6, 0.1, 0.8, 0.4], Asha);
        await using var broker = new SweepBroker(_time, new RuntimeOptions());
        var actor = await kit.CreateAsync(def, _time, new RuntimeOptions(), broker.SignalWork);
        broker.Add(actor);

        var outcomes = await RunRoundsAsync(() => broker, () => actor, null, 50);

        Assert.Equal(SweepStatus.Completed, await actor.Completion);
        var trials = await store.GetTrialsAsync(actor.SweepId, CancellationToken.None);
        var stopped = trials.Where(t => t.Status == TrialStatus.Stopped).Select(t => t.Key).Order();
        Assert.Equal(["q=0.4", "q=0.6", "q=0.7", "q=0.8"], stopped);
        Assert.Equal(["q=0.1", "q=0.2", "q=0.3", "q=0.5"], trials.Where(t => t.Status == TrialStatus.Completed).Select(t => t.Key).Order());
        var board = Ranking.Rows(trials, def.Objective);
        Assert.Equal(["q=0.1", "q=0.2", "q=0.3", "q=0.5", "q=0.4", "q=0.6", "q=0.7", "q=0.8"], board.Select(r => r.Key));
        Assert.Equal(0.1 + 0.25, board[0].BestValue!.Value, 9);
        Assert.Equal(400, board[0].BestStep);
        Assert.Equal(0.4 + 0.5, board[4].BestValue!.Value, 9);
        Assert.All(outcomes.Completions.Values, n => Assert.Equal(1, n));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Run_TwentyPercentCrashesAndRecovery_EveryTrialEndsOnceNoneLost(int seed)
    {
        var dbPath = _tmp.File($"crash{seed}.db");
        var kit = await RuntimeKit.StartAsync(dbPath);
        var rng = new Random(seed);
        var q = Enumerable.Range(0, 30).Select(_ => Math.Round(rng.NextDouble(), 3)).Distinct().ToArray();
        var def = SimDefinitions.Quality(_tmp.File("ck"), q, Asha with { ReductionFactor = 3, MaxT = 4 }, search: "random") with { MaxConcurrent = 6 };
        var options = new RuntimeOptions { LeaseTtl = TimeSpan.FromSeconds(12) };
        var broker = new SweepBroker(_time, options);
        var actor = await kit.CreateAsync(def, _time, options, broker.SignalWork);
        broker.Add(actor);

        async Task RecoverAt(int round)
        {
            if (round != 15)
            {
                return;
            }

            // the coordinator restarts in the middle of the sweep: a new actor system, the actor rebuilt from its journal only
            await broker.DisposeAsync();
            await kit.DisposeAsync();
            kit = await RuntimeKit.StartAsync(dbPath);
            broker = new SweepBroker(_time, options);
            Assert.NotNull(await kit.Store.GetSweepAsync(actor.SweepId, CancellationToken.None));
            actor = await kit.RecoverAsync(actor.SweepId, _time, options, broker.SignalWork);
            broker.Add(actor);
        }

        var outcomes = await RunRoundsAsync(() => broker, () => actor, new Random(seed * 7919), 2000, RecoverAt);

        Assert.True(actor.Completion.IsCompleted, "sweep did not finish");
        var store = kit.Store;
        var trials = await store.GetTrialsAsync(actor.SweepId, CancellationToken.None);
        Assert.Equal(q.Length, trials.Count);
        Assert.Equal(q.Length, trials.Select(t => t.Key).Distinct().Count());
        Assert.All(trials, t => Assert.Contains(t.Status, new[] { TrialStatus.Completed, TrialStatus.Stopped, TrialStatus.Dead }));
        Assert.All(trials.Where(t => t.Status == TrialStatus.Dead), t => Assert.Equal(def.MaxFailuresPerTrial, t.Failures));
        Assert.All(outcomes.Completions.Values, n => Assert.Equal(1, n));
        var journal = await store.GetJournalAsync(actor.SweepId, 0, CancellationToken.None);
        var completedEvents = journal.Where(e => e.Type == "TrialCompleted").Select(e => System.Text.Json.JsonDocument.Parse(e.Payload).RootElement.GetProperty("trial").GetString()).ToList();
        Assert.Equal(completedEvents.Count, completedEvents.Distinct().Count());
        Assert.Equal(trials.Count(t => t.Status == TrialStatus.Completed), completedEvents.Count);
        Assert.Contains(trials, t => t.Attempt > 1);
        await broker.DisposeAsync();
        await kit.DisposeAsync();
    }
}
