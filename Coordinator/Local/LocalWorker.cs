using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;
using SweepCluster.Training.Resources;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Coordinator.Local;

/// <summary>
/// An in-process worker with one slot: leases a trial through the broker, runs its task's trainer, reports after every
/// evaluation, heartbeats, and hands the trial back as interrupted when <c>stop</c> fires (the trainer checkpoints first).
/// With <paramref name="slots"/> it leases only trials whose GPUs and threads are free on the machine now, runs them on
/// exactly those GPUs (<see cref="TrialSpec.Gpus"/>) and gives them back when the attempt has ended, on every path.
/// </summary>
internal sealed class LocalWorker(ITrialBroker broker, Func<string, ITrainer?> trainers, TimeProvider time, string name,
    Action<TrialRef, MetricReport>? onReport = null, LocalSlots? slots = null)
{
    /// <summary>Leases and runs trials until <paramref name="stop"/> fires.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var reg = await broker.RegisterAsync(new WorkerInfo(name, 1, [], 1, new Dictionary<string, string>(), "local"), CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            IReadOnlyList<(LeaseGrant Grant, SlotLease? Lease)> grants;
            try
            {
                grants = slots is null
                    ? [.. (await broker.LeaseAsync(reg.WorkerId, 1, TimeSpan.FromSeconds(1), stop)).Select(g => (g, (SlotLease?)null))]
                    : await slots.LeaseAsync(broker, reg.WorkerId, TimeSpan.FromSeconds(1), stop) is { } one ? [one] : [];
            }
            catch (OperationCanceledException)
            {
                break;
            }

            foreach (var (grant, lease) in grants)
            {
                using (lease)
                {
                    await RunTrialAsync(reg, lease is null ? grant : grant with { Spec = lease.Apply(grant.Spec) }, stop);
                }
            }
        }
    }

    private async Task RunTrialAsync(WorkerRegistration reg, LeaseGrant grant, CancellationToken stop)
    {
        var trial = grant.Trial;
        var trainer = trainers(grant.Spec.Task);
        if (trainer is null)
        {
            await broker.FailAsync(trial, $"unknown task '{grant.Spec.Task}'", null, interrupted: false, CancellationToken.None);
            return;
        }

        using var reporter = new BrokerReporter(broker, trial, TrialSpecFactory.LogDir(grant.Spec), onReport);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
        await using var heartbeat = time.CreateTimer(_ => _ = BeatAsync(reg.WorkerId, trial, reporter, run), null, reg.HeartbeatInterval, reg.HeartbeatInterval);
        TrialResult result;
        try
        {
            result = await trainer.RunAsync(grant.Spec, reporter, run.Token);
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            result = new TrialResult(TrialOutcome.Cancelled, reporter.Last);
        }
        catch (Exception ex)
        {
            result = new TrialResult(TrialOutcome.Failed, reporter.Last, $"{ex.GetType().Name}: {ex.Message}");
        }

        if (reporter.Stale)
        {
            return;
        }

        _ = result.Outcome switch
        {
            TrialOutcome.Completed => await broker.CompleteAsync(trial, result.LastMetrics, stopped: false, CancellationToken.None),
            TrialOutcome.Stopped => await broker.CompleteAsync(trial, result.LastMetrics, stopped: true, CancellationToken.None),
            TrialOutcome.Failed => await broker.FailAsync(trial, result.Error ?? "failed", reporter.Tail, interrupted: false, CancellationToken.None),
            _ when stop.IsCancellationRequested => await broker.FailAsync(trial, "interrupted (shutdown)", null, interrupted: true, CancellationToken.None),
            _ => await broker.CompleteAsync(trial, result.LastMetrics, stopped: true, CancellationToken.None),
        };
    }

    private async Task BeatAsync(string workerId, TrialRef trial, BrokerReporter reporter, CancellationTokenSource run)
    {
        try
        {
            var answer = await broker.HeartbeatAsync(workerId, [trial], CancellationToken.None);
            if (answer.Stop.Contains(trial))
            {
                reporter.RequestStop();
                await run.CancelAsync();
            }
        }
        catch (ObjectDisposedException)
        {
            // the attempt ended while the heartbeat was in flight
        }
    }
}
