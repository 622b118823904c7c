using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Search;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>What a <see cref="SweepActor"/> needs besides its journal.</summary>
/// <param name="SweepId">The sweep's id; the persistence id is <c>sweep-{SweepId}</c>.</param>
/// <param name="Create">The definition of a sweep to create; null to recover a stored one.</param>
/// <param name="Time">The clock of timestamps and lease expiry.</param>
/// <param name="Options">Lease, snapshot and ask settings.</param>
/// <param name="WorkAvailable">Called (after durability) with how many trials became pending.</param>
/// <param name="Finished">Called (after durability) when the sweep reaches a terminal state.</param>
internal sealed record SweepActorSettings(
    string SweepId, SweepDefinition? Create, TimeProvider Time, RuntimeOptions Options, Action<int> WorkAvailable, Action<SweepStatus> Finished);

/// <summary>
/// Owns one sweep: a persistent actor (persistence id <c>sweep-{id}</c>) whose journal events are the sweep's
/// <see cref="StateChange"/>s. A command is checked against the state, its changes are staged, persisted with
/// <c>PersistAllAsync</c> (commands that arrive meanwhile are batched into the same journal writes), and the reply, the
/// wake-up of waiting workers and checkpoint pruning run only once the journal has them (<c>DeferAsync</c>). Recovery folds
/// the same events (from the latest snapshot on), then rebuilds the search method from its saved state and the scheduler
/// by replaying every accepted report, so it reaches exactly the state the sweep had. A failed journal write stops the
/// actor (its memory may be ahead of the journal) and its backoff supervisor recovers it from the journal.
/// </summary>
internal sealed partial class SweepActor : ReceivePersistentActor
{
    private static readonly object Durable = new();
    private readonly SweepActorSettings _settings;
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _options;
    private readonly Dictionary<string, TrialRecord> _trials = [];
    private readonly Dictionary<string, HashSet<long>> _steps = [];
    private readonly HashSet<(string Trial, int Attempt, long Step)> _seen = [];
    private readonly Dictionary<string, MetricReport> _latest = [];
    private readonly HashSet<string> _stopRequested = [];
    private readonly HashSet<string> _pruned = [];
    private readonly SortedSet<int> _pending = [];
    private readonly List<MetricRecord> _metrics = [];
    private readonly HashSet<(string Trial, int Attempt, long Step)> _recovered = [];
    private readonly List<StateChange> _staged = [];
    private SweepDefinition _def = null!;
    private Dictionary<int, PlannedTrial> _points = [];
    private ISearchMethod _search = null!;
    private ISweepPolicy _scheduler = null!;
    private SweepRecord _sweep = null!;
    private int _unfinished;
    private long _token;
    private bool _ending;
    private bool _cancelled;
    private bool _prune;
    private int _newPending;
    private SweepStatus? _finished;
    private int _inFlight;
    private long _sinceSnapshot;

    /// <summary>Creates the actor; see <see cref="SweepActorSettings"/>.</summary>
    public SweepActor(SweepActorSettings settings)
    {
        _settings = settings;
        _time = settings.Time;
        _options = settings.Options;
        PersistenceId = $"sweep-{settings.SweepId}";

        Recover<SnapshotOffer>(o => Load((SweepActorState)o.Snapshot));
        Recover<StateChange>(Fold);
        Recover<RecoveryCompleted>(_ => Recovered());

        Command<LeaseTrials>(m => Answer(m.Capacity.Slots < 1 ? [] : LeaseCore(m.WorkerId, m.Capacity)));
        Command<ReportMetric>(m => Answer(ReportCore(m.Trial, m.Report)));
        Command<ExitAttempt>(m => Answer(ExitCore(m.Trial, m.End, m.Final, m.Error)));
        Command<RenewLeases>(m => Answer(HeartbeatCore(m.Running)));
        Command<Tick>(_ =>
        {
            TickCore();
            Answer(true);
        });
        Command<CancelSweep>(_ =>
        {
            End(cancel: true);
            Answer(true);
        });
        Command<GetSweepSnapshot>(_ => Answer(new SweepSnapshot(
            _sweep, [.. _trials.Values.OrderBy(t => t.Index)], new Dictionary<string, MetricReport>(_latest), Math.Min(_def.Plan.Count, _def.MaxTrials ?? int.MaxValue))));
        Command<WhenReady>(_ => Answer(new SweepReady(SweepId, _def, SweepLifecycle.IsTerminal(_sweep.Status) ? _sweep.Status : null)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    /// <inheritdoc/>
    public override string PersistenceId { get; }

    /// <summary>Props of the actor for <paramref name="settings"/>.</summary>
    public static Props Props(SweepActorSettings settings) => Akka.Actor.Props.Create(() => new SweepActor(settings));

    private string SweepId => _settings.SweepId;

    private void Define(SweepRecord sweep)
    {
        _sweep = sweep;
        if (_def is null)
        {
            _def = SweepDefinition.FromJson(sweep.Definition);
            _points = _def.Plan.ToDictionary(p => p.Index);
            _scheduler = Schedulers.Schedulers.Create(_def.Scheduler, _def.Objective.Mode, _def.Space, _def.Seed);
        }
    }

    private void Load(SweepActorState state)
    {
        Define(state.Sweep);
        Commit(state.Trials);
        foreach (var m in state.Metrics)
        {
            Keep(m);
        }
    }

    /// <summary>Applies one journal event during recovery: the rows it wrote become current.</summary>
    private void Fold(StateChange change)
    {
        if (change.Sweep is { } sweep)
        {
            Define(sweep.Definition.Length == 0 && _sweep is not null ? sweep with { Definition = _sweep.Definition } : sweep);
        }

        Commit(change.Trials);
        if (change.Metric is { } m)
        {
            Keep(m);
        }
    }

    private void Keep(MetricRecord m)
    {
        if (_recovered.Add((m.TrialId, m.Attempt, m.Step)))
        {
            _metrics.Add(m);
        }
    }

    private void Recovered()
    {
        if (_def is null)
        {
            if (_settings.Create is not { } def)
            {
                throw new InvalidOperationException($"sweep {SweepId} has no journal: nothing to recover");
            }

            CreateSweep(def);
        }
        else
        {
            _search = SearchMethods.Restore(_def.SearchContext(), _sweep.SearchState);
            _token = _trials.Values.Select(t => t.FencingToken).DefaultIfEmpty(0).Max();
            foreach (var t in _trials.Values.OrderBy(t => t.Index))
            {
                _scheduler.Handle(new TrialCreated(t.Id, _points[t.Index]));
            }

            foreach (var m in _metrics)
            {
                Observe(m.TrialId, m.Attempt, new MetricReport(m.Step, JsonSerializer.Deserialize<Dictionary<string, double>>(m.Values) ?? []));
            }

            if (SweepLifecycle.IsTerminal(_sweep.Status))
            {
                _finished = _sweep.Status;
            }
            else if (_options.ExpireLeasesOnRecovery)
            {
                Expire([.. _trials.Values.Where(t => TrialLifecycle.IsActive(t.Status))], "LeasesDroppedOnRecovery");
            }
            else
            {
                ExtendLeases();
            }

            AddPending(_pending.Count);
        }

        FinishIfDone();
        Flush(null);
    }

    private void CreateSweep(SweepDefinition def)
    {
        var now = _time.GetUtcNow();
        Define(new SweepRecord { Id = SweepId, Name = def.Name, Definition = def.ToJson(), CreatedAt = now });
        _search = SearchMethods.Create(def.SearchContext());
        var created = NewTrials(_search.Start(), now);
        _sweep = _sweep with { SearchState = _search.SaveState() };
        Stage(new StateChange
        {
            SweepId = SweepId, Type = "SweepCreated", At = now, Sweep = _sweep, Trials = created,
            Payload = JsonSerializer.Serialize(new { name = def.Name, planned = def.Plan.Count, created = created.Count }),
        });
        Commit(created);
        AddPending(created.Count);
    }

    /// <summary>After a coordinator restart, workers get one lease period to report in before their trials are re-queued.</summary>
    private void ExtendLeases()
    {
        var until = _time.GetUtcNow() + _options.LeaseTtl;
        var held = _trials.Values.Where(t => TrialLifecycle.IsActive(t.Status) && t.LeaseExpiry is { } e && e < until)
            .Select(t => t with { LeaseExpiry = until }).ToList();
        if (held.Count > 0)
        {
            Stage(new StateChange
            {
                SweepId = SweepId, Type = "LeasesExtendedOnRestart", At = until, Trials = held,
                Payload = JsonSerializer.Serialize(held.Select(t => t.Id).ToList()),
            });
            Commit(held);
        }
    }

    /// <summary>Persists what the command staged, then (once durable) replies and runs the after-commit work.</summary>
    private void Answer(object reply)
    {
        var sender = Sender;
        Flush(() => sender.Tell(reply));
    }

    /// <summary>The sweep row for a journal event after creation: without the definition, which never changes (it can be large).</summary>
    private SweepRecord SweepRow() => _sweep with { Definition = "" };

    private void Stage(StateChange change)
    {
        _staged.Add(change);
        if (change.Metric is { } m)
        {
            Keep(m);
        }
    }

    private void Flush(Action? reply)
    {
        if (_staged.Count > 0)
        {
            var events = _staged.ToArray();
            _staged.Clear();
            _inFlight++;
            _sinceSnapshot += events.Length;
            var last = events[^1];
            PersistAllAsync(events, e =>
            {
                if (ReferenceEquals(e, last))
                {
                    _inFlight--;
                }
            });
        }

        var prune = _prune;
        var finished = _finished;
        var woken = _newPending;
        _prune = false;
        _finished = null;
        _newPending = 0;
        if (reply is null && !prune && finished is null && woken == 0)
        {
            return;
        }

        DeferAsync(Durable, _ =>
        {
            reply?.Invoke();
            if (prune)
            {
                Prune();
            }

            if (finished is { } status)
            {
                _settings.Finished(status);
                woken = int.MaxValue; // every waiting poll looks again (and finds this sweep gone)
            }

            if (woken > 0)
            {
                _settings.WorkAvailable(woken);
            }

            MaybeSnapshot();
        });
    }

    private void MaybeSnapshot()
    {
        if (_inFlight > 0 || _sinceSnapshot < _options.SnapshotEvery)
        {
            return;
        }

        _sinceSnapshot = 0;
        SaveSnapshot(new SweepActorState(_sweep, [.. _trials.Values], [.. _metrics]));
    }

    /// <inheritdoc/>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.GetLogger().Error(cause, "sweep {0}: the journal refused a write; the actor stops and recovers from the journal", SweepId);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
