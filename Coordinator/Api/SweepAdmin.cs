using System.Text.Json;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Leaderboard;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// <see cref="ISweepAdmin"/> over the sweep runtime: reads come from the store (every change is there before it is
/// answered), cancellation goes to the sweep's actor, submission to <paramref name="submit"/> (which parses, plans and
/// starts the sweep and returns its id, or throws <see cref="SweepRejected"/>).
/// </summary>
internal sealed class SweepAdmin(ISweepStore store, SweepBroker broker, Func<string, string, CancellationToken, Task<string>> submit) : ISweepAdmin
{
    private readonly Dictionary<string, (long Seq, long Count)> _expired = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _expiredGate = new(1, 1);

    public async ValueTask<SweepSummary> SubmitAsync(string text, string source, CancellationToken ct)
    {
        var id = await submit(text, source, ct);
        return await GetAsync(id, ct) ?? throw new InvalidOperationException($"sweep {id} was started but is not in the store");
    }

    public async ValueTask<IReadOnlyList<SweepSummary>> ListAsync(CancellationToken ct)
    {
        var list = new List<SweepSummary>();
        foreach (var sweep in await store.ListSweepsAsync(ct))
        {
            list.Add(Summary(sweep, await store.GetTrialsAsync(sweep.Id, ct)));
        }

        return list;
    }

    public async ValueTask<SweepSummary?> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) is { } sweep ? Summary(sweep, await store.GetTrialsAsync(sweep.Id, ct)) : null;

    public async ValueTask<SweepSummary?> CancelAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } sweep)
        {
            return null;
        }

        if (broker.Find(sweep.Id) is { } actor && !actor.Completion.IsCompleted)
        {
            await actor.CancelAsync();
        }

        return await GetAsync(sweep.Id, ct);
    }

    public async ValueTask<LeaderboardPage?> LeaderboardAsync(string id, int top, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } sweep)
        {
            return null;
        }

        var objective = SweepDefinition.FromJson(sweep.Definition).Objective;
        var trials = await store.GetTrialsAsync(sweep.Id, ct);
        var parameters = trials.ToDictionary(t => t.Id, t => Parameters(t.Parameters), StringComparer.Ordinal);
        var rows = Ranking.Rows(trials, objective, top);
        return new LeaderboardPage(sweep.Id, objective, [.. rows.Select(r => new Messages.LeaderboardRow
        {
            Rank = r.Rank,
            TrialId = r.TrialId,
            TrialKey = r.Key,
            Parameters = parameters[r.TrialId],
            BestValue = r.BestValue,
            BestStep = r.BestStep,
            Status = r.Status.ToString().ToLowerInvariant(),
            DurationSeconds = r.Duration?.TotalSeconds,
            CheckpointPath = r.Checkpoint,
        })]);
    }

    public async ValueTask<LeaseBook.Entry?> LocateTrialAsync(string trialId, CancellationToken ct)
    {
        if (await store.GetTrialAsync(trialId, ct) is not { } t || await store.GetSweepAsync(t.SweepId, ct) is not { } sweep)
        {
            return null;
        }

        var dir = t.CheckpointPath ?? TrialSpecFactory.CheckpointDir(SweepDefinition.FromJson(sweep.Definition), t.Key);
        return new LeaseBook.Entry(new TrialRef(t.Id, t.Attempt, t.FencingToken), dir, null);
    }

    public async ValueTask<string?> TrialStatusAsync(string trialId, CancellationToken ct) =>
        (await store.GetTrialAsync(trialId, ct))?.Status.ToString().ToLowerInvariant();

    public async ValueTask<long> LeasesExpiredTotalAsync(CancellationToken ct)
    {
        await _expiredGate.WaitAsync(ct);
        try
        {
            long total = 0;
            foreach (var sweep in await store.ListSweepsAsync(ct))
            {
                var (seq, count) = _expired.GetValueOrDefault(sweep.Id);
                foreach (var e in await store.GetJournalAsync(sweep.Id, seq, ct))
                {
                    seq = e.Sequence;
                    count += e.Type == "LeaseExpired" ? 1 : 0;
                }

                _expired[sweep.Id] = (seq, count);
                total += count;
            }

            return total;
        }
        finally
        {
            _expiredGate.Release();
        }
    }

    private static Dictionary<string, JsonElement> Parameters(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private async Task<SweepRecord?> FindAsync(string id, CancellationToken ct) =>
        await store.GetSweepAsync(id, ct) ?? await store.FindSweepByNameAsync(id, ct);

    private static SweepSummary Summary(SweepRecord sweep, IReadOnlyList<TrialRecord> trials) => new()
    {
        Id = sweep.Id,
        State = sweep.Status.ToString().ToLowerInvariant(),
        Trials = trials.GroupBy(t => t.Status.ToString().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count()),
        Objective = SweepDefinition.FromJson(sweep.Definition).Objective,
    };
}
