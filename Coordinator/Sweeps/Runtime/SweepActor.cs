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
/// loop; replies go back through <see cref="TaskCompletionSource{T}"/>. Every state change (with its journal event) is
/// written to the store before the reply: the messages waiting in the mailbox are handled as a batch and committed in one
/// transaction (group commit), and time comes only from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class SweepActor : IAsyncDisposable
{
    private readonly Channel<ActorMessage> _mailbox = Channel.CreateUnbounded<ActorMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource<SweepStatus> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SweepDefinition _def;
    private readonly ISweepStore _store;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly Action<int> _workAvailable;
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
    private readonly List<StateChange> _staged = [];
    private bool _prune;
    private int _newPending;
    private SweepStatus? _finished;
    private Exception? _broken;

    /// <summary>Most messages handled before one commit.</summary>
    private const int MaxBatch = 256;

    private SweepActor(SweepDefinition def, SweepRecord sweep, ISearchMethod search, ISweepStore store, TimeProvider time, RuntimeOptions options, Action<int> workAvailable)
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

    /// <summary>Store transactions committed so far (one per batch of messages); for tests and the benchmark.</summary>
    public long Commits { get; private set; }

    /// <summary>Completes with the sweep's final status when it ends.</summary>
    public Task<SweepStatus> Completion => _completion.Task;

    private static SearchBudget Budget(SweepDefinition def) =>
        new() { MaxTrials = def.MaxTrials, MaxConcurrent = def.MaxConcurrent ?? int.MaxValue };

    /// <summary>Plans nothing new: stores a fresh sweep for <paramref name="def"/>, creates its first trials and starts.</summary>
    public static async Task<SweepActor> CreateAsync(SweepDefinition def, ISweepStore store, TimeProvider time, RuntimeOptions options, Action<int> workAvailable, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var search = SearchMethods.Create(def.Search, def.Plan, Budget(def), def.Seed);
        var sweep = new SweepRecord { Id = TrialIds.NewSweepId(def.Name, now), Name = def.Name, Definition = def.ToJson(), CreatedAt = now };
        var actor = new SweepActor(def, sweep, search, store, time, options, workAvailable);
        var created = actor.NewTrials(search.Start(), now);
        actor._sweep = sweep with { SearchState = search.SaveState() };
        actor.Stage(new StateChange
        {
            SweepId = sweep.Id, Type = "SweepCreated", At = now, Sweep = actor._sweep, Trials = created,
            Payload = JsonSerializer.Serialize(new { name = def.Name, planned = def.Plan.Count, created = created.Count }),
        });
        actor.Commit(created);
        actor.FinishIfDone();
        await actor.FlushAsync(ct);
        actor.Start();
        return actor;
    }

    /// <summary>Rebuilds a stored sweep (trials, metrics, search state; the scheduler by replaying the metrics) and starts.</summary>
    public static async Task<SweepActor> RecoverAsync(SweepRecord sweep, ISweepStore store, TimeProvider time, RuntimeOptions options, Action<int> workAvailable, CancellationToken ct)
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
            actor.Expire(actor._trials.Values.Where(t => TrialLifecycle.IsActive(t.Status)).ToList(), "LeasesDroppedOnRecovery");
        }

        actor.FinishIfDone();
        await actor.FlushAsync(ct);
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

    /// <summary>
    /// Group commit: takes every message waiting in the mailbox (up to <see cref="MaxBatch"/>), applies each to the state in
    /// memory (staging its store changes), writes all staged changes in ONE transaction, and only then completes the
    /// callers' replies. When the commit fails, every reply of the batch fails and the actor stops serving: its memory is
    /// ahead of the store, so it must not answer from it (a coordinator restart recovers the sweep from the store).
    /// </summary>
    private async Task LoopAsync()
    {
        var batch = new List<ActorMessage>();
        var replies = new List<Action>();
        while (await _mailbox.Reader.WaitToReadAsync())
        {
            batch.Clear();
            replies.Clear();
            while (batch.Count < MaxBatch && _mailbox.Reader.TryRead(out var next))
            {
                var msg = next;
                if (_broken is not null)
                {
                    Fail(msg, _broken);
                    continue;
                }

                batch.Add(msg);
                try
                {
                    replies.Add(Handle(msg));
                }
                catch (Exception ex)
                {
                    replies.Add(() => Fail(msg, ex));
                    _completion.TrySetException(ex);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                await FlushAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                _broken = new InvalidOperationException($"sweep {SweepId}: the store refused a commit; restart the coordinator to recover the sweep", ex);
                _completion.TrySetException(_broken);
                foreach (var msg in batch)
                {
                    Fail(msg, _broken);
                }

                continue;
            }

            foreach (var reply in replies)
            {
                reply();
            }
        }
    }

    /// <summary>Queues a store change; it is written by the next <see cref="FlushAsync"/>, before any reply depending on it.</summary>
    private void Stage(StateChange change) => _staged.Add(change);

    /// <summary>Writes every staged change in one transaction, then runs what had to wait for durability.</summary>
    private async Task FlushAsync(CancellationToken ct)
    {
        if (_staged.Count > 0)
        {
            await _store.ApplyAllAsync(_staged, ct);
            Commits++;
            _staged.Clear();
        }

        if (_prune)
        {
            _prune = false;
            await PruneAsync();
        }

        if (_finished is { } status)
        {
            _finished = null;
            _completion.TrySetResult(status);
            _newPending = int.MaxValue; // every waiting poll looks again (and finds this sweep gone)
        }

        if (_newPending > 0)
        {
            var woken = _newPending;
            _newPending = 0;
            _workAvailable(woken);
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

    /// <summary>Applies one message to the state in memory; returns how to reply once its changes are committed.</summary>
    private Action Handle(ActorMessage msg)
    {
        switch (msg)
        {
            case LeaseMsg m:
                var grants = LeaseCore(m.WorkerId, m.Capacity);
                return () => m.Reply.TrySetResult(grants);
            case ReportMsg m:
                var reported = ReportCore(m.Trial, m.Report);
                return () => m.Reply.TrySetResult(reported);
            case ExitMsg m:
                var exited = ExitCore(m.Trial, m.End, m.Final, m.Error);
                return () => m.Reply.TrySetResult(exited);
            case HeartbeatMsg m:
                var stop = HeartbeatCore(m.Running);
                return () => m.Reply.TrySetResult(stop);
            case TickMsg m:
                TickCore();
                return () => m.Reply.TrySetResult(true);
            case CancelMsg m:
                End(cancel: true);
                return () => m.Reply.TrySetResult(true);
            case SnapshotMsg m:
                var snapshot = new SweepSnapshot(_sweep, [.. _trials.Values.OrderBy(t => t.Index)], new Dictionary<string, MetricReport>(_latest), Math.Min(_def.Plan.Count, _def.MaxTrials ?? int.MaxValue));
                return () => m.Reply.TrySetResult(snapshot);
            default:
                return () => { };
        }
    }
}
