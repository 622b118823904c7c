using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Local;

/// <summary>Totals, ETA and per-trial progress computed from a snapshot (shared by the live and the plain views).</summary>
internal sealed record ProgressModel(SweepSnapshot Snapshot, TimeSpan Elapsed, ObjectiveSpec Objective, JsonElement Trial)
{
    /// <summary>Trials that reached a terminal state.</summary>
    public int Done => Snapshot.Trials.Count(t => TrialLifecycle.IsTerminal(t.Status));

    /// <summary>Trials held by a worker.</summary>
    public int Running => Snapshot.Trials.Count(t => TrialLifecycle.IsActive(t.Status));

    /// <summary>Planned trials not yet finished or running.</summary>
    public int Pending => Math.Max(0, Snapshot.Planned - Done - Running);

    /// <summary>Trials in <paramref name="status"/>.</summary>
    public int Count(TrialStatus status) => Snapshot.Trials.Count(t => t.Status == status);

    /// <summary>Remaining time estimated from the finished trials' pace; null before the first finishes.</summary>
    public TimeSpan? Eta => Done == 0 ? null : Elapsed / Done * Math.Max(0, Snapshot.Planned - Done);

    /// <summary>The totals line.</summary>
    public string Totals => string.Create(CultureInfo.InvariantCulture,
        $"done {Done}/{Snapshot.Planned} (completed {Count(TrialStatus.Completed)}, stopped {Count(TrialStatus.Stopped)}, dead {Count(TrialStatus.Dead)}) | running {Running} | pending {Pending} | failed attempts {Snapshot.Trials.Sum(t => t.Failures)} | elapsed {Leaderboard.LeaderboardFormatter.Duration(Elapsed)} | eta {(Eta is { } e ? Leaderboard.LeaderboardFormatter.Duration(e) : "-")}");

    /// <summary>The best trial so far, as text.</summary>
    public string Best
    {
        get
        {
            var best = Leaderboard.Ranking.Order(Snapshot.Trials, Objective).FirstOrDefault(t => t.BestValue is not null);
            return best is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Objective.Metric} {best.BestValue:G5} ({best.Key} {Params(best)})");
        }
    }

    /// <summary>The trial's parameters as <c>a=1 b=2</c>.</summary>
    public static string Params(TrialRecord t)
    {
        using var doc = JsonDocument.Parse(t.Parameters);
        return string.Join(' ', doc.RootElement.EnumerateObject().Select(p => $"{p.Name}={p.Value.ToString()}"));
    }

    /// <summary>The trial's latest objective value, as text.</summary>
    public string Latest(TrialRecord t) =>
        Snapshot.Latest.TryGetValue(t.Id, out var m) && m.Values.TryGetValue(Objective.Metric, out var v)
            ? string.Create(CultureInfo.InvariantCulture, $"{Objective.Metric} {v:G5} @ step {m.Step}")
            : "starting";

    /// <summary>Fraction of the trial done (by epochs or max_steps of its settings), or null when unknown.</summary>
    public double? Fraction(TrialRecord t)
    {
        if (!Snapshot.Latest.TryGetValue(t.Id, out var m))
        {
            return 0;
        }

        if (Setting("epochs") is { } epochs && m.Values.TryGetValue("epoch", out var epoch))
        {
            return Math.Clamp(epoch / epochs, 0, 1);
        }

        if (Setting("max_steps") is { } steps)
        {
            return Math.Clamp(m.Step / steps, 0, 1);
        }

        return Setting("evaluations") is { } evals && m.Values.TryGetValue("epoch", out var e) ? Math.Clamp(e / evals, 0, 1) : null;
    }

    private double? Setting(string key) =>
        Trial.ValueKind == JsonValueKind.Object && Trial.TryGetProperty(key, out var v) && v.TryGetDouble(out var d) && d > 0 ? d : null;
}
