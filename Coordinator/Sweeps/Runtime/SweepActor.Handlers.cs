using System.Text.Json;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Leaderboard;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>The command handlers of the sweep actor: each checks the command, stages its state changes and returns the answer.</summary>
internal sealed partial class SweepActor
{
    private bool IsCurrent(TrialRecord t, TrialRef r) =>
        TrialLifecycle.IsActive(t.Status) && t.Attempt == r.Attempt && t.FencingToken == r.FencingToken;

    private IReadOnlyList<LeaseGrant> LeaseCore(string workerId, LeaseCapacity capacity)
    {
        if (_ending || SweepLifecycle.IsTerminal(_sweep.Status) || capacity.Slots < 1)
        {
            return [];
        }

        var now = _time.GetUtcNow();
        var leased = PickPending(capacity).Select(i => _trials[TrialIds.TrialId(SweepId, i)])
            .Select(t => t with
            {
                Status = TrialLifecycle.Transition(t.Status, TrialStatus.Leased), LeaseOwner = workerId,
                LeaseExpiry = now + _options.LeaseTtl, FencingToken = ++_token, StartedAt = t.StartedAt ?? now,
            }).ToList();
        if (leased.Count == 0)
        {
            return [];
        }

        var payload = JsonSerializer.Serialize(new { worker = workerId, trials = leased.Select(t => new { id = t.Id, attempt = t.Attempt, token = t.FencingToken }) });
        Stage(new StateChange { SweepId = SweepId, Type = "TrialsLeased", At = now, Payload = payload, Trials = leased });
        Commit(leased);
        return [.. leased.Select(t => new LeaseGrant(new TrialRef(t.Id, t.Attempt, t.FencingToken), TrialSpecFactory.Build(_def, t, _points[t.Index]), t.LeaseExpiry!.Value))];
    }

    private BrokerAnswer ReportCore(TrialRef r, MetricReport report)
    {
        if (!_trials.TryGetValue(r.TrialId, out var t))
        {
            return BrokerAnswer.Unknown;
        }

        if (_seen.Contains((t.Id, r.Attempt, report.Step)) && t.Attempt == r.Attempt && t.FencingToken == r.FencingToken)
        {
            return BrokerAnswer.Duplicate;
        }

        if (!IsCurrent(t, r))
        {
            return BrokerAnswer.Stale;
        }

        var now = _time.GetUtcNow();
        var updated = WithBest(t, report) with
        {
            Status = t.Status == TrialStatus.Leased ? TrialLifecycle.Transition(t.Status, TrialStatus.Running) : t.Status,
            LeaseExpiry = now + _options.LeaseTtl,
        };
        var change = new StateChange
        {
            SweepId = SweepId, Type = "MetricReported", At = now, Trials = [updated],
            Payload = JsonSerializer.Serialize(new { trial = t.Id, attempt = r.Attempt, step = report.Step }),
            Metric = new MetricRecord(t.Id, SweepId, r.Attempt, report.Step, JsonSerializer.Serialize(report.Values), now),
        };
        Stage(change);
        Commit([updated]);
        Observe(t.Id, r.Attempt, report);
        return _ending || _stopRequested.Contains(t.Id) ? BrokerAnswer.Stop : BrokerAnswer.Continue;
    }

    private BrokerAnswer ExitCore(TrialRef r, AttemptEnd end, MetricReport? final, string? error)
    {
        if (!_trials.TryGetValue(r.TrialId, out var t))
        {
            return BrokerAnswer.Unknown;
        }

        if (!IsCurrent(t, r))
        {
            return t.Attempt == r.Attempt && t.FencingToken == r.FencingToken ? BrokerAnswer.Duplicate : BrokerAnswer.Stale;
        }

        var now = _time.GetUtcNow();
        MetricRecord? metric = null;
        if (final is not null && !_seen.Contains((t.Id, r.Attempt, final.Step)))
        {
            t = WithBest(t, final);
            metric = new MetricRecord(t.Id, SweepId, r.Attempt, final.Step, JsonSerializer.Serialize(final.Values), now);
        }

        var cleared = t with { LeaseOwner = null, LeaseExpiry = null };
        var next = end switch
        {
            AttemptEnd.Completed => cleared with { Status = TrialLifecycle.Transition(t.Status, TrialStatus.Completed), FinishedAt = now },
            AttemptEnd.Stopped => cleared with { Status = TrialLifecycle.Transition(t.Status, _cancelled ? TrialStatus.Cancelled : TrialStatus.Stopped), FinishedAt = now },
            AttemptEnd.Failed => AfterFailure(cleared, error ?? "failed", now),
            _ => Requeue(cleared, now),
        };
        var exited = TrialLifecycle.IsTerminal(next.Status);
        var created = exited ? NewTrials(_search.Handle(new TrialExited(t.Id, next.Status)), now) : [];
        if (exited)
        {
            _scheduler.Handle(new TrialExited(t.Id, next.Status));
        }

        if (exited)
        {
            _sweep = _sweep with { SearchState = _search.SaveState() };
        }

        Stage(new StateChange
        {
            SweepId = SweepId, Type = $"Trial{end}", At = now, Trials = [next, .. created], Metric = metric, Sweep = exited ? SweepRow() : null,
            Payload = JsonSerializer.Serialize(new { trial = t.Id, attempt = r.Attempt, status = next.Status.ToString(), error }),
        });
        Commit([next, .. created]);
        if (final is not null && metric is not null)
        {
            Observe(t.Id, r.Attempt, final);
        }

        _stopRequested.Remove(t.Id);
        _prune |= exited;

        AddPending((next.Status == TrialStatus.Pending ? 1 : 0) + created.Count);

        FinishIfDone();
        return end == AttemptEnd.Stopped ? BrokerAnswer.Stop : BrokerAnswer.Continue;
    }

    private TrialRecord AfterFailure(TrialRecord t, string error, DateTimeOffset now)
    {
        var failed = t with { Status = TrialLifecycle.Transition(t.Status, TrialStatus.Failed), Failures = t.Failures + 1, Error = error };
        return failed.Failures < _def.MaxFailuresPerTrial && !_ending
            ? failed with { Status = TrialLifecycle.Transition(failed.Status, TrialStatus.Pending), Attempt = t.Attempt + 1 }
            : failed with { Status = TrialLifecycle.Transition(failed.Status, TrialStatus.Dead), FinishedAt = now };
    }

    private TrialRecord Requeue(TrialRecord t, DateTimeOffset now) => _ending
        ? t with { Status = TrialLifecycle.Transition(t.Status, TrialStatus.Cancelled), LeaseOwner = null, LeaseExpiry = null, FinishedAt = now }
        : t with { Status = TrialLifecycle.Transition(t.Status, TrialStatus.Pending), Attempt = t.Attempt + 1, LeaseOwner = null, LeaseExpiry = null };

    private IReadOnlyList<TrialRef> HeartbeatCore(IReadOnlyList<TrialRef> running)
    {
        var now = _time.GetUtcNow();
        var stop = new List<TrialRef>();
        var renewed = new List<TrialRecord>();
        foreach (var r in running)
        {
            if (!_trials.TryGetValue(r.TrialId, out var t) || !IsCurrent(t, r))
            {
                stop.Add(r);
                continue;
            }

            renewed.Add(t with { LeaseExpiry = now + _options.LeaseTtl });
            if (_ending || _stopRequested.Contains(t.Id))
            {
                stop.Add(r);
            }
        }

        if (renewed.Count > 0)
        {
            Stage(new StateChange { SweepId = SweepId, Type = "LeasesRenewed", At = now, Trials = renewed, Payload = JsonSerializer.Serialize(new { trials = renewed.Select(t => t.Id) }) });
            Commit(renewed);
        }

        return stop;
    }

    private void TickCore()
    {
        var now = _time.GetUtcNow();
        var overdue = _trials.Values.Where(t => TrialLifecycle.IsActive(t.Status) && t.LeaseExpiry <= now).ToList();
        Expire(overdue, "LeaseExpired");
        if (_def.MaxTime is { } max && !_ending && !SweepLifecycle.IsTerminal(_sweep.Status) && now - _sweep.CreatedAt >= max)
        {
            End(cancel: false);
        }

        FinishIfDone();
    }

    private void Expire(List<TrialRecord> trials, string type)
    {
        if (trials.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var requeued = trials.Select(t => Requeue(t, now)).ToList();
        Stage(new StateChange { SweepId = SweepId, Type = type, At = now, Trials = requeued, Payload = JsonSerializer.Serialize(new { trials = trials.Select(t => new { id = t.Id, attempt = t.Attempt }) }) });
        Commit(requeued);
        AddPending(requeued.Count(t => t.Status == TrialStatus.Pending));
    }

    private void End(bool cancel)
    {
        if (SweepLifecycle.IsTerminal(_sweep.Status) || (_ending && !cancel))
        {
            return;
        }

        _ending = true;
        _cancelled |= cancel;
        var now = _time.GetUtcNow();
        var cancelled = _pending.Select(i => _trials[TrialIds.TrialId(SweepId, i)])
            .Select(t => t with { Status = TrialLifecycle.Transition(t.Status, TrialStatus.Cancelled), FinishedAt = now }).ToList();
        foreach (var t in _trials.Values.Where(t => TrialLifecycle.IsActive(t.Status)))
        {
            _stopRequested.Add(t.Id);
        }

        Stage(new StateChange { SweepId = SweepId, Type = cancel ? "SweepCancelRequested" : "SweepBudgetSpent", At = now, Trials = cancelled });
        Commit(cancelled);
        FinishIfDone();
    }

    private void FinishIfDone()
    {
        if (SweepLifecycle.IsTerminal(_sweep.Status) || !(_ending || _search.IsExhausted) || _unfinished > 0)
        {
            return;
        }

        var status = _cancelled ? SweepStatus.Cancelled
            : _trials.Values.Any(t => t.Status is TrialStatus.Completed or TrialStatus.Stopped) ? SweepStatus.Completed : SweepStatus.Failed;
        var now = _time.GetUtcNow();
        var finished = _sweep with { Status = SweepLifecycle.Transition(_sweep.Status, status), FinishedAt = now, SearchState = _search.SaveState() };
        _sweep = finished;
        Stage(new StateChange { SweepId = SweepId, Type = $"Sweep{status}", At = now, Sweep = SweepRow() });
        _finished = status;
    }

    /// <summary>Deletes the checkpoints of trials that fell out of keep_best (run once the journal holds their exit).</summary>
    private void Prune()
    {
        if (_def.KeepBest is not { } keep)
        {
            return;
        }

        var dirs = new List<string>();
        foreach (var loser in CheckpointPruner.Losers(_trials.Values.Where(t => !_pruned.Contains(t.Id)), _def.Objective, keep))
        {
            _pruned.Add(loser.Id);
            dirs.AddRange(CheckpointPruner.Dirs(loser));
        }

        if (dirs.Count > 0)
        {
            _ = Task.Run(() =>
            {
                foreach (var dir in dirs.Where(Directory.Exists))
                {
                    CheckpointPruner.Delete(dir);
                }
            });
        }
    }

    private List<TrialRecord> NewTrials(IReadOnlyList<SweepAction> actions, DateTimeOffset now)
    {
        if (_ending)
        {
            return [];
        }

        var created = new List<TrialRecord>();
        foreach (var c in actions.OfType<CreateTrial>())
        {
            var id = TrialIds.TrialId(SweepId, c.Point.Index);
            _points[c.Point.Index] = c.Point; // adaptive searches (TPE) create points that are not in the plan
            created.Add(new TrialRecord
            {
                Id = id, SweepId = SweepId, Index = c.Point.Index, Key = c.Point.Key,
                Parameters = JsonSerializer.Serialize(c.Point.Parameters), CreatedAt = now,
                CheckpointPath = TrialSpecFactory.CheckpointDir(_def, c.Point.Key),
            });
            _search.Handle(new TrialCreated(id, c.Point));
            _scheduler.Handle(new TrialCreated(id, c.Point));
        }

        return created;
    }

    /// <summary>Counts trials that became pending in this batch: that many waiting lease polls are woken after its commit.</summary>
    private void AddPending(int trials) => _newPending = trials > int.MaxValue - _newPending ? int.MaxValue : _newPending + trials;

    /// <summary>Makes stored records current in memory, keeping the pending queue and the open count in step.</summary>
    private void Commit(IEnumerable<TrialRecord> trials)
    {
        foreach (var t in trials)
        {
            if (_trials.TryGetValue(t.Id, out var old))
            {
                _pending.Remove(old.Index);
                _unfinished -= TrialLifecycle.IsTerminal(old.Status) ? 0 : 1;
            }

            _trials[t.Id] = t;
            if (!_points.ContainsKey(t.Index))
            {
                _points[t.Index] = new PlannedTrial(t.Index, t.Key, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(t.Parameters) ?? []);
            }

            if (t.Status == TrialStatus.Pending)
            {
                _pending.Add(t.Index);
            }

            _unfinished += TrialLifecycle.IsTerminal(t.Status) ? 0 : 1;
        }
    }

    private TrialRecord WithBest(TrialRecord t, MetricReport report)
    {
        if (!report.Values.TryGetValue(_def.Objective.Metric, out var v) || double.IsNaN(v))
        {
            return t;
        }

        return t.BestValue is { } best && !_def.Objective.IsBetter(v, best)
            ? t
            : t with { BestValue = v, BestStep = report.Step, BestEpoch = report.Values.TryGetValue("epoch", out var e) ? e : null };
    }

    /// <summary>Feeds an accepted report to the scheduler (live and on replay alike, so decisions are reproduced).</summary>
    private void Observe(string trialId, int attempt, MetricReport report)
    {
        _seen.Add((trialId, attempt, report.Step));
        _latest[trialId] = report;
        if (!_steps.TryGetValue(trialId, out var steps))
        {
            _steps[trialId] = steps = [];
        }

        steps.Add(report.Step);
        double? value = report.Values.TryGetValue(_def.Objective.Metric, out var v) ? v : null;
        var time = Schedulers.Schedulers.TimeOf(_def.Scheduler.TimeAttr, report, steps.Count);
        _search.Handle(new MetricReported(trialId, time, value)); // TPE learns from reports; grid and random ignore them
        foreach (var stop in _scheduler.Handle(new MetricReported(trialId, time, value)).OfType<StopTrial>())
        {
            if (_trials.TryGetValue(stop.TrialId, out var t) && !TrialLifecycle.IsTerminal(t.Status))
            {
                _stopRequested.Add(stop.TrialId);
            }
        }
    }
}
