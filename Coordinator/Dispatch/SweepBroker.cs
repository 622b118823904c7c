using System.Collections.Concurrent;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Dispatch;

/// <summary>
/// The <see cref="ITrialBroker"/> in front of the sweep actors: routes each call by trial id (<c>{sweepId}.{index}</c>) to
/// its sweep's actor, leases across sweeps (oldest sweep first) and long-polls until work appears or the wait ends.
/// </summary>
internal sealed class SweepBroker(TimeProvider time, RuntimeOptions options) : ITrialBroker, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SweepRef> _actors = new();
    private readonly ConcurrentDictionary<string, WorkerInfo> _workers = new();
    private readonly LeaseWaiters _waiters = new();
    private int _workerCount;

    /// <summary>A tag of this broker's lifetime in worker ids, so ids stay unique across coordinator restarts.</summary>
    private readonly string _incarnation = Guid.NewGuid().ToString("N")[..6];
    private ITimer? _ticker;

    /// <summary>The sweeps being served, oldest first.</summary>
    public IReadOnlyList<SweepRef> Actors => [.. _actors.Values.OrderBy(a => a.SweepId, StringComparer.Ordinal)];

    /// <summary>The waiting lease polls (probes for tests).</summary>
    internal LeaseWaiters Waiters => _waiters;

    /// <summary>Call whenever trials may have become available in a way that is not counted (a new sweep): wakes every waiting poll.</summary>
    public void SignalWork() => _waiters.Signal(int.MaxValue);

    /// <summary>Call when <paramref name="trials"/> trials became pending (passed to actors): wakes that many waiting polls.</summary>
    public void SignalWork(int trials) => _waiters.Signal(trials);

    /// <summary>Serves <paramref name="actor"/>'s sweep.</summary>
    public void Add(SweepRef actor)
    {
        _actors[actor.SweepId] = actor;
        SignalWork();
    }

    /// <summary>The actor of <paramref name="sweepId"/>, or null.</summary>
    public SweepRef? Find(string sweepId) => _actors.GetValueOrDefault(sweepId);

    /// <summary>Ticks every actor every <paramref name="period"/> (lease expiry, max_time) on the injected clock.</summary>
    public void StartTicking(TimeSpan period) =>
        _ticker = time.CreateTimer(_ => _ = TickAllAsync(), null, period, period);

    /// <summary>One tick of every actor.</summary>
    public async Task TickAllAsync()
    {
        foreach (var actor in Actors)
        {
            if (!actor.Completion.IsCompleted)
            {
                await actor.TickAsync();
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<WorkerRegistration> RegisterAsync(WorkerInfo worker, CancellationToken ct)
    {
        var id = $"{TrialIds.Slug(worker.Name)}-{_incarnation}-{Interlocked.Increment(ref _workerCount)}";
        _workers[id] = worker;
        return ValueTask.FromResult(new WorkerRegistration(id, options.HeartbeatInterval, options.LeaseTtl));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, int freeSlots, TimeSpan wait, CancellationToken ct) =>
        LeaseAsync(workerId, new LeaseCapacity(freeSlots), wait, ct);

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, LeaseCapacity capacity, TimeSpan wait, CancellationToken ct)
    {
        if (capacity.Engines is null && _workers.TryGetValue(workerId, out var worker))
        {
            capacity = capacity with { Engines = worker.Engines }; // only trials of engines it registered
        }

        var deadline = time.GetUtcNow() + wait;
        var hops = 0;
        while (true)
        {
            var seen = _waiters.Epoch;
            var grants = await LeaseOnceAsync(workerId, capacity);
            var remaining = deadline - time.GetUtcNow();
            if (grants.Count == 0)
            {
                _waiters.PassOn(hops);
            }

            if (grants.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return grants;
            }

            if (_waiters.Enqueue(seen) is not { } waiter)
            {
                hops = 0;
                continue;
            }

            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = Task.Delay(remaining, time, cts.Token);
            await Task.WhenAny(waiter.Value.Task, delay);
            await cts.CancelAsync();
            hops = _waiters.Remove(waiter) ? 0 : await waiter.Value.Task;
            if (ct.IsCancellationRequested)
            {
                _waiters.PassOn(hops + 1);
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>One look at every sweep (oldest first) for trials that fit <paramref name="capacity"/>; several when it has several free slots.</summary>
    private async Task<List<LeaseGrant>> LeaseOnceAsync(string workerId, LeaseCapacity capacity)
    {
        var grants = new List<LeaseGrant>();
        var left = capacity;
        foreach (var actor in Actors)
        {
            if (left.Slots < 1)
            {
                break;
            }

            if (!actor.Completion.IsCompleted)
            {
                var granted = await actor.LeaseAsync(workerId, left);
                grants.AddRange(granted);
                left = granted.Aggregate(left, (c, g) => c.TryTake(g.Spec.GpusPerTrial, g.Spec.Threads) ?? c with { Slots = 0 });
            }
        }

        return grants;
    }

    /// <inheritdoc/>
    public async ValueTask<BrokerAnswer> ReportAsync(TrialRef trial, MetricReport report, CancellationToken ct) =>
        ActorOf(trial) is { } actor ? await actor.ReportAsync(trial, report) : BrokerAnswer.Unknown;

    /// <inheritdoc/>
    public async ValueTask<BrokerAnswer> CompleteAsync(TrialRef trial, MetricReport? final, bool stopped, CancellationToken ct) =>
        ActorOf(trial) is { } actor ? await actor.ExitAsync(trial, stopped ? AttemptEnd.Stopped : AttemptEnd.Completed, final, null) : BrokerAnswer.Unknown;

    /// <inheritdoc/>
    public async ValueTask<BrokerAnswer> FailAsync(TrialRef trial, string error, string? logTail, bool interrupted, CancellationToken ct)
    {
        var message = string.IsNullOrEmpty(logTail) ? error : $"{error}\n{logTail}";
        return ActorOf(trial) is { } actor
            ? await actor.ExitAsync(trial, interrupted ? AttemptEnd.Interrupted : AttemptEnd.Failed, null, message)
            : BrokerAnswer.Unknown;
    }

    /// <inheritdoc/>
    public async ValueTask<HeartbeatAnswer> HeartbeatAsync(string workerId, IReadOnlyList<TrialRef> running, CancellationToken ct)
    {
        var stop = new List<TrialRef>();
        foreach (var group in running.GroupBy(r => TrialIds.SweepOf(r.TrialId) ?? ""))
        {
            if (_actors.TryGetValue(group.Key, out var actor))
            {
                stop.AddRange(await actor.HeartbeatAsync(workerId, [.. group]));
            }
            else
            {
                stop.AddRange(group);
            }
        }

        return new HeartbeatAnswer(stop);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_ticker is not null)
        {
            await _ticker.DisposeAsync();
        }

        foreach (var actor in _actors.Values)
        {
            await actor.DisposeAsync();
        }
    }

    private SweepRef? ActorOf(TrialRef trial) =>
        TrialIds.SweepOf(trial.TrialId) is { } sweepId ? _actors.GetValueOrDefault(sweepId) : null;
}
