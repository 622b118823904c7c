using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Leaderboard;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Training.Resources;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Coordinator.Local;

/// <summary>
/// The body of <c>run</c>: plans and stores the sweep (or resumes it), runs in-process workers through the broker, shows
/// progress and prints the leaderboard. <c>stop</c> (Ctrl-C) hands running trials back after they checkpoint.
/// The workers share this machine's GPUs (nvidia-smi on <paramref name="gpuSearchPath"/>, default <c>PATH</c>) and
/// threads (at least the processor count, at least one per worker) as the trials' <c>resources</c> ask; without
/// <c>cluster.local_workers</c> there is one worker per core or per GPU, whichever is more.
/// </summary>
internal sealed class SweepRunner(TextWriter output, TimeProvider time, TrainerCatalog trainers, bool live, string? gpuSearchPath = null)
{
    /// <summary>Exit code when stopped by the user before the sweep ended.</summary>
    public const int Interrupted = 130;

    /// <summary>Runs <paramref name="file"/>'s sweep to its end (or until <paramref name="stop"/>); returns the exit code.</summary>
    public async Task<int> RunAsync(SweepFile file, bool restart, CancellationToken stop)
    {
        var plan = SweepPlanner.Plan(file.Sweep);
        var def = SweepDefinitions.From(file, plan);
        var gpus = await GpuDiscovery.DiscoverAsync(gpuSearchPath, line => output.WriteLine($"warning: {line}"));
        var workers = file.Cluster.LocalWorkers ?? Math.Max(Environment.ProcessorCount, gpus.Count);
        if (workers < 1)
        {
            throw new ConfigException("cluster.local_workers: run needs at least 1 local worker (use serve for remote workers only)");
        }

        if (plan.Total == 0)
        {
            throw new ConfigException($"{file.Path ?? "sweep"}: the plan is empty (every point was removed by the constraints)");
        }

        Validate(file, def);
        using var slots = new LocalSlots(new SlotAllocator(gpus, Math.Max(Environment.ProcessorCount, workers)));
        CheckGpus(file, def, slots.Allocator);
        await using var store = await SweepStores.OpenAsync(file.Cluster.Storage, CancellationToken.None);
        await using var system = await SweepSystem.StartAsync(file.Cluster.Storage, store, null, CancellationToken.None);
        await system.CaughtUpAsync(CancellationToken.None);
        var options = new RuntimeOptions { LeaseTtl = file.Cluster.LeaseTtl, HeartbeatInterval = file.Cluster.HeartbeatInterval, ExpireLeasesOnRecovery = true };
        await using var broker = new SweepBroker(time, options);
        var actor = await OpenSweepAsync(system, broker, def, options, restart);
        if (actor is null)
        {
            return await PrintResultAsync(store, def.Name);
        }

        broker.Add(actor);
        broker.StartTicking(TimeSpan.FromSeconds(1));
        using var stopWorkers = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var running = Enumerable.Range(0, workers)
            .Select(i => Task.Run(() => new LocalWorker(broker, trainers.Find, time, $"local-{i}", slots: slots).RunAsync(stopWorkers.Token)))
            .ToArray();
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStop = stop.Register(() => stopped.TrySetResult());
        var end = Task.WhenAny(actor.Completion, stopped.Task);
        var progress = new ProgressViews(actor, output, time, live).RunAsync(end);
        await end;
        if (stop.IsCancellationRequested && !actor.Completion.IsCompleted)
        {
            await output.WriteLineAsync("stopping: running trials checkpoint and are handed back ...");
        }

        await stopWorkers.CancelAsync();
        await Task.WhenAll(running);
        await progress;
        await system.CaughtUpAsync(CancellationToken.None); // the read model (leaderboard, HTTP) holds everything journaled
        if (!actor.Completion.IsCompleted)
        {
            await output.WriteLineAsync($"interrupted: state saved in {SweepStores.Redact(file.Cluster.Storage)}; run the same command again to resume");
            return Interrupted;
        }

        await actor.Completion;
        return await PrintResultAsync(store, def.Name);
    }

    private void Validate(SweepFile file, SweepDefinition def)
    {
        foreach (var point in def.Plan)
        {
            var errors = trainers.Validate(TrialSpecFactory.Merge(def.Trial, point.Parameters));
            if (errors.Count > 0)
            {
                var where = def.Plan.Count > 1 ? $" (trial {point.Key}: {string.Join(' ', point.Parameters.Select(p => $"{p.Key}={p.Value}"))})" : "";
                throw new ConfigException($"{file.Path ?? "sweep"}: {string.Join("; ", errors)}{where}");
            }
        }
    }

    private static void CheckGpus(SweepFile file, SweepDefinition def, SlotAllocator allocator)
    {
        var most = def.Plan.Count == 0 ? 0 : def.Plan.Max(p => TrialResources.Of(def, TrialSpecFactory.Merge(def.Trial, p.Parameters)).GpusPerTrial);
        if (most > allocator.Gpus.Count)
        {
            throw new ConfigException($"{file.Path ?? "sweep"}: resources.gpus_per_trial: a trial needs {most} GPU(s) but this machine has {allocator.Gpus.Count} (from nvidia-smi)");
        }
    }

    private async Task<SweepRef?> OpenSweepAsync(SweepSystem system, SweepBroker broker, SweepDefinition def, RuntimeOptions options, bool restart)
    {
        var store = system.Store;
        var existing = await store.FindSweepByNameAsync(def.Name, CancellationToken.None);
        if (existing is not null && restart)
        {
            await store.DeleteSweepAsync(existing.Id, time.GetUtcNow(), CancellationToken.None);
            var dir = Path.Combine(def.CheckpointDir, TrialIds.Slug(def.Name));
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            await output.WriteLineAsync($"restarting sweep {def.Name}: previous results and checkpoints deleted");
            existing = null;
        }

        if (existing is null)
        {
            var created = await SweepRef.CreateAsync(system.System, def, time, options, broker.SignalWork, CancellationToken.None);
            await output.WriteLineAsync($"sweep {def.Name}: {def.Plan.Count} trials planned, task {def.Task}, scheduler {def.Scheduler.Kind.ToString().ToLowerInvariant()}, checkpoints in {Path.Combine(def.CheckpointDir, TrialIds.Slug(def.Name))}");
            return created;
        }

        if (SweepLifecycle.IsTerminal(existing.Status))
        {
            await output.WriteLineAsync($"sweep {def.Name} already finished ({existing.Status.ToString().ToLowerInvariant()}); showing its results (--restart runs it afresh)");
            return null;
        }

        var trials = await store.GetTrialsAsync(existing.Id, CancellationToken.None);
        var recovered = await SweepRef.RecoverAsync(system.System, existing.Id, time, options, broker.SignalWork, CancellationToken.None);
        await output.WriteLineAsync($"resuming sweep {def.Name}: {trials.Count(t => TrialLifecycle.IsTerminal(t.Status))} of {recovered.Definition.Plan.Count} trials already finished (--restart starts afresh)");
        return recovered;
    }

    private async Task<int> PrintResultAsync(ISweepStore store, string name)
    {
        var sweep = await store.FindSweepByNameAsync(name, CancellationToken.None) ?? throw new InvalidOperationException($"sweep {name} vanished");
        var trials = await store.GetTrialsAsync(sweep.Id, CancellationToken.None);
        var view = LeaderboardFormatter.View(sweep, trials, top: 10);
        LeaderboardFormatter.Write(output, [view], "table");
        var best = view.Rows.FirstOrDefault(r => r.Checkpoint is not null);
        await output.WriteLineAsync(best is null ? "no checkpoint kept" : $"best checkpoint: {best.Checkpoint}");
        return sweep.Status == SweepStatus.Completed ? 0 : 1;
    }
}
