using System.Text.Json;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Leaderboard;

/// <summary>Ranks trials: by best objective value (per mode), ties by earlier completion; trials without a value last.</summary>
internal static class Ranking
{
    /// <summary>The trials in rank order.</summary>
    public static IReadOnlyList<TrialRecord> Order(IEnumerable<TrialRecord> trials, ObjectiveSpec objective)
    {
        var withValue = trials.Where(t => t.BestValue is { } v && !double.IsNaN(v));
        // a trial that died (failed every attempt) ranks after every trial that did not, whatever its value
        var ordered = objective.Mode == ObjectiveMode.Max
            ? withValue.OrderBy(t => t.Status == Sweeps.Lifecycle.TrialStatus.Dead).ThenByDescending(t => t.BestValue)
            : withValue.OrderBy(t => t.Status == Sweeps.Lifecycle.TrialStatus.Dead).ThenBy(t => t.BestValue);
        var ranked = ordered.ThenBy(t => t.FinishedAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.Index).ToList();
        ranked.AddRange(trials.Where(t => t.BestValue is not { } v || double.IsNaN(v)).OrderBy(t => t.Index));
        return ranked;
    }

    /// <summary>Leaderboard rows, best first; <paramref name="top"/> limits the count.</summary>
    public static IReadOnlyList<LeaderboardRow> Rows(IEnumerable<TrialRecord> trials, ObjectiveSpec objective, int? top = null)
    {
        var ordered = Order(trials, objective);
        return [.. ordered.Take(top ?? int.MaxValue).Select((t, i) => new LeaderboardRow(
            i + 1, t.Id, t.Key, Params(t.Parameters), t.BestValue, t.BestStep, t.BestEpoch, t.Status,
            t.StartedAt is { } s && t.FinishedAt is { } f ? f - s : null,
            BestCheckpoint(t)))];
    }

    /// <summary>The trial's <c>best/</c> directory when it exists on disk.</summary>
    public static string? BestCheckpoint(TrialRecord t) =>
        t.CheckpointPath is { } dir && Directory.Exists(Path.Combine(dir, "best")) ? Path.Combine(dir, "best") : null;

    private static Dictionary<string, object?> Params(string json)
    {
        var result = new Dictionary<string, object?>();
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.Number => p.Value.GetDouble(),
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => p.Value.GetRawText(),
            };
        }

        return result;
    }
}
