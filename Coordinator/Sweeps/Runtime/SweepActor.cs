using System.Text.Json;
using System.Threading.Channels;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Search;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>
/// Owns one sweep's state. Every input is a message in one <see cref="Channel"/> mailbox, handled one at a time by one
/// loop; replies go back through <see cref="TaskCompletionSource{T}"/>. Every state change is written to the store (one
/// transaction with its journal event) before the reply, and time comes only from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class SweepActor : IAsyncDisposable
{
    private readonly Channel<ActorMessage> _mailbox = Channel.CreateUnbounded<ActorMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<SweepStatus> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SweepDefinition _def;
    private readonly ISweepStore _store;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly Action _workAvailable;
    private readonly Dictionary<int, PlannedTrial> _points;
    private readonly Dictionary<string, TrialRecord> _trials = [];
    private readonly Dictionary<string, HashSet<long>> _steps = [];
    private readonly HashSet<(string Trial, int Attempt, long Step)> _seen = [];
    private readonly Dictionary<string, MetricReport> _latest = [];
    private readonly HashSet<string> _stopRequested = [];
    private readonly HashSet<string> _pruned = [];
    private readonly SortedSet<int> _pending = [];
    private int _unfinished;
    private readonly ISearchMethod _search;
    private readonly ISweepPolicy _scheduler;
    private SweepRecord _sweep;
    private long _token;
    private bool _ending;
    private bool _cancelled;
    private Task _loop = Task.CompletedTask;

    private SweepActor(SweepDefinition def, SweepRecord sweep, ISearchMethod search, ISweepStore store, TimeProvider time, RuntimeOptions options, Action workAvailable)
    {
        _def = def;
        _sweep = sweep;
        _search = search;
        _store = store;
        _time = time;
        _options = options;
        _workAvailable = workAvailable;
        _points = def.Plan.ToDictionary(p => p.Index);
        _scheduler = Schedulers.Schedulers.Create(def.Scheduler, def.Objective.Mode);
    }

    /// <summary>The sweep's id.</summary>
    public string SweepId => _sweep.Id;

    /// <summary>The sweep's definition.</summary>
    public SweepDefinition Definition => _def;

    /// <summary>Completes with the sweep's final status when it ends.</summary>
    public Task<SweepStatus> Completion => _completion.Task;

    private static SearchBudget Budget(SweepDefinition def) =>
        new() { MaxTrials = def.MaxTrials, MaxConcurrent = def.MaxConcurrent ?? int.MaxValue };

    /// <summary>Plans nothing new: stores a fresh sweep for <paramref name="def"/>, creates its first trials and starts.</summary>
    public static async Task<SweepActor> CreateAsync(SweepDefinition def, ISweepStore store, TimeProvider time, RuntimeOptions options, Action workAvailable, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var search = SearchMethods.Create(def.Search, def.Plan, Budget(def), def.Seed);
        var sweep = new SweepRecord { Id = TrialIds.NewSweepId(def.Name, now), Name = def.Name, Definition = def.ToJson(), CreatedAt = now };
        var actor = new SweepActor(def, sweep, search, store, time, options, workAvailable);
        var created = actor.NewTrials(search.Start(), now);
        actor._sweep = sweep with { SearchState = search.SaveState() };
        await store.ApplyAsync(new StateChange
        {
            SweepId = sweep.Id, Type = "SweepCreated", At = now, Sweep = actor._sweep, Trials = created,
            Payload = JsonSerializer.Serialize(new { name = def.Name, planned = def.Plan.Count, created = created.Count }),
        }, ct);
        actor.Commit(created);
        await actor.FinishIfDoneAsync(ct);
        actor.Start();
        return actor;
    }

    /// <summary>Rebuilds a stored sweep (trials, metrics, search state; the scheduler by replaying the metrics) and starts.</summary>
    public static async Task<SweepActor> RecoverAsync(SweepRecord sweep, ISweepStore store, TimeProvider time, RuntimeOptions options, Action workAvailable, CancellationToken ct)
    {
        var def = SweepDefinition.FromJson(sweep.Definition);
        var search = SearchMethods.Restore(def.Search, def.Plan, Budget(def), sweep.SearchState);
        var actor = new SweepActor(def, sweep, search, store, time, options, workAvailable);
        actor.Commit(await store.GetTrialsAsync(sweep.Id, ct));
        actor._token = actor._trials.Values.Select(t => t.FencingToken).DefaultIfEmpty(0).Max();
        foreach (var m in await store.GetMetricsAsync(sweep.Id, ct))
        {
            var report = new MetricReport(m.Step, JsonSerializer.Deserialize<Dictionary<string, double>>(m.Values) ?? []);
            actor.Observe(m.TrialId, m.Attempt, report);
        }

        if (SweepLifecycle.IsTerminal(sweep.Status))
        {
            actor._completion.TrySetResult(sweep.Status);
        }
        else if (options.ExpireLeasesOnRecovery)
        {
            await actor.ExpireAsync(actor._trials.Values.Where(t => TrialLifecycle.IsActive(t.Status)).ToList(), "LeasesDroppedOnRecovery", ct);
        }

        await actor.FinishIfDoneAsync(ct);
        actor.Start();
        return actor;
    }

    /// <summary>Leases up to <paramref name="max"/> pending trials to <paramref name="workerId"/>.</summary>
    public Task<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, int max) => LeaseAsync(workerId, new LeaseCapacity(max));

    /// <summary>Leases pending trials that fit <paramref name="capacity"/> (slots, free GPUs and threads) to <paramref name="workerId"/>.</summary>
    public Task<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, LeaseCapacity capacity) =>
        Ask<IReadOnlyList<LeaseGrant>>(r => new LeaseMsg(workerId, capacity, r));

    /// <summary>A metric report of an attempt; the answer is the scheduler's decision.</summary>
    public Task<BrokerAnswer> ReportAsync(TrialRef trial, MetricReport report) =>
        Ask<BrokerAnswer>(r => new ReportMsg(trial, report, r));

    /// <summary>The end of an attempt.</summary>
    public Task<BrokerAnswer> ExitAsync(TrialRef trial, AttemptEnd end, MetricReport? final, string? error) =>
        Ask<BrokerAnswer>(r => new ExitMsg(trial, end, final, error, r));

    /// <summary>Renews the leases of <paramref name="running"/>; answers those that must stop.</summary>
    public Task<IReadOnlyList<TrialRef>> HeartbeatAsync(string workerId, IReadOnlyList<TrialRef> running) =>
        Ask<IReadOnlyList<TrialRef>>(r => new HeartbeatMsg(workerId, running, r));

    /// <summary>Expires overdue leases and enforces max_time.</summary>
    public Task TickAsync() => Ask<bool>(r => new TickMsg(r));

    /// <summary>Cancels the sweep: pending trials are cancelled, running ones told to stop.</summary>
    public Task CancelAsync() => Ask<bool>(r => new CancelMsg(r));

    /// <summary>A consistent picture of the sweep.</summary>
    public Task<SweepSnapshot> SnapshotAsync() => Ask<SweepSnapshot>(r => new SnapshotMsg(r));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _mailbox.Writer.TryComplete();
        await _loop;
    }

    private void Start() => _loop = Task.Run(LoopAsync);

    private Task<T> Ask<T>(Func<TaskCompletionSource<T>, ActorMessage> make)
    {
        var reply = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_mailbox.Writer.TryWrite(make(reply)))
        {
            reply.TrySetException(new ObjectDisposedException(nameof(SweepActor)));
        }

        return reply.Task;
    }

    private async Task LoopAsync()
    {
        await foreach (var msg in _mailbox.Reader.ReadAllAsync())
        {
            try
            {
                await HandleAsync(msg);
            }
            catch (Exception ex)
            {
                Fail(msg, ex);
                _completion.TrySetException(ex);
            }
        }
    }

    private static void Fail(ActorMessage msg, Exception ex)
    {
        _ = msg switch
        {
            LeaseMsg m => m.Reply.TrySetException(ex),
            ReportMsg m => m.Reply.TrySetException(ex),
            ExitMsg m => m.Reply.TrySetException(ex),
            HeartbeatMsg m => m.Reply.TrySetException(ex),
            TickMsg m => m.Reply.TrySetException(ex),
            CancelMsg m => m.Reply.TrySetException(ex),
            SnapshotMsg m => m.Reply.TrySetException(ex),
            _ => false,
        };
    }

    private async Task HandleAsync(ActorMessage msg)
    {
        switch (msg)
        {
            case LeaseMsg m:
                m.Reply.TrySetResult(await LeaseCoreAsync(m.WorkerId, m.Capacity));
                break;
            case ReportMsg m:
                m.Reply.TrySetResult(await ReportCoreAsync(m.Trial, m.Report));
                break;
            case ExitMsg m:
                m.Reply.TrySetResult(await ExitCoreAsync(m.Trial, m.End, m.Final, m.Error));
                break;
            case HeartbeatMsg m:
                m.Reply.TrySetResult(await HeartbeatCoreAsync(m.Running));
                break;
            case TickMsg m:
                await TickCoreAsync();
                m.Reply.TrySetResult(true);
                break;
            case CancelMsg m:
                await EndAsync(cancel: true);
                m.Reply.TrySetResult(true);
                break;
            case SnapshotMsg m:
                m.Reply.TrySetResult(new SweepSnapshot(_sweep, [.. _trials.Values.OrderBy(t => t.Index)], new Dictionary<string, MetricReport>(_latest), Math.Min(_def.Plan.Count, _def.MaxTrials ?? int.MaxValue)));
                break;
        }
    }
}
