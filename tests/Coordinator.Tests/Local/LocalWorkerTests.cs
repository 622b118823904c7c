using System.Text.Json;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Leaderboard;
using SweepCluster.Coordinator.Local;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Coordinator.Tests.Local;

public sealed class LocalWorkerTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private SweepDefinition Def(double[] targets, string task = SimulatedTrainer.TaskName) => new()
    {
        Name = "local",
        Task = task,
        Trial = JsonSerializer.SerializeToElement(new { evaluations = 4 }),
        CheckpointDir = _tmp.File("ck"),
        KeepBest = 2,
        Scheduler = new SchedulerSettings { Kind = SchedulerKind.Asha, Grace = 1, ReductionFactor = 2, MaxT = 4 },
        Plan = [.. targets.Select((t, i) => new PlannedTrial(i, $"target={t}", new Dictionary<string, JsonElement> { ["target"] = JsonSerializer.SerializeToElement(t) }))],
    };

    [Fact]
    public async Task RunAsync_TwoWorkersSimulatedTask_SweepEndsRankedAndPruned()
    {
        await using var kit = await RuntimeKit.StartAsync(_tmp.File("l.db"));
        var store = kit.Store;
        var options = new RuntimeOptions();
        await using var broker = new SweepBroker(TimeProvider.System, options);
        var def = Def([0.3, 0.1, 0.5, 0.2, 0.4]);
        var actor = await kit.CreateAsync(def, TimeProvider.System, options, broker.SignalWork);
        broker.Add(actor);
        using var stop = new CancellationTokenSource();
        var trainer = new SimulatedTrainer(TimeProvider.System);
        var workers = Enumerable.Range(0, 2).Select(i => new LocalWorker(broker, _ => trainer, TimeProvider.System, $"w{i}").RunAsync(stop.Token)).ToArray();

        Assert.Equal(SweepStatus.Completed, await actor.Completion.WaitAsync(TimeSpan.FromMinutes(1)));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var trials = await store.GetTrialsAsync(actor.SweepId, CancellationToken.None);
        Assert.All(trials, t => Assert.Contains(t.Status, new[] { TrialStatus.Completed, TrialStatus.Stopped }));
        var rows = Ranking.Rows(trials, def.Objective);
        Assert.Equal("target=0.1", rows[0].Key);
        Assert.NotNull(rows[0].Checkpoint);
        Assert.NotNull(rows[1].Checkpoint);
        Assert.All(rows.Skip(2), r => Assert.Null(r.Checkpoint));
        Assert.True(File.Exists(Path.Combine(trials[0].CheckpointPath!, "logs", "attempt-1", "train.log")));
    }

    [Fact]
    public async Task RunAsync_StopDuringTrial_HandedBackAsInterruptedAndResumes()
    {
        await using var kit = await RuntimeKit.StartAsync(_tmp.File("i.db"));
        var store = kit.Store;
        var options = new RuntimeOptions();
        await using var broker = new SweepBroker(TimeProvider.System, options);
        var def = Def([0.3], task: "blocking");
        var actor = await kit.CreateAsync(def, TimeProvider.System, options, broker.SignalWork);
        broker.Add(actor);
        var blocking = new BlockingTrainer();
        using var stop = new CancellationTokenSource();
        var worker = new LocalWorker(broker, _ => blocking, TimeProvider.System, "w").RunAsync(stop.Token);
        await blocking.Reported.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await stop.CancelAsync();
        await worker.WaitAsync(TimeSpan.FromMinutes(1));

        var t = (await store.GetTrialsAsync(actor.SweepId, CancellationToken.None)).Single();
        Assert.Equal((TrialStatus.Pending, 2, 0), (t.Status, t.Attempt, t.Failures));
        var again = (await broker.LeaseAsync("w", 1, TimeSpan.Zero, CancellationToken.None)).Single();
        Assert.Equal(Path.Combine(t.CheckpointPath!, "last"), again.Spec.ResumeFrom);
    }

    private sealed class BlockingTrainer : ITrainer
    {
        public TaskCompletionSource Reported { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct)
        {
            Directory.CreateDirectory(Path.Combine(spec.CheckpointDir, "last"));
            var report = new MetricReport(1, new Dictionary<string, double> { ["val_loss"] = 1 });
            await reporter.ReportAsync(report, ct);
            Reported.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // checkpointed above; hand back
            }

            return new TrialResult(TrialOutcome.Cancelled, report);
        }
    }
}
