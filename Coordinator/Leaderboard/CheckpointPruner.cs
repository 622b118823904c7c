using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Leaderboard;

/// <summary>
/// <c>checkpoints.keep_best = k</c>: only the k best trials keep their checkpoints. A finished trial outside the top k
/// loses <c>best/</c> and <c>last/</c> (its logs stay); a trial that is not finished is never touched (its <c>last/</c> is
/// what a retry resumes from).
/// </summary>
internal static class CheckpointPruner
{
    /// <summary>
    /// The finished trials outside the top <paramref name="keepBest"/>. A trial returned here never re-enters the top k
    /// (its value is final and the top only improves), so callers may exclude it from later calls.
    /// </summary>
    public static IReadOnlyList<TrialRecord> Losers(IEnumerable<TrialRecord> trials, ObjectiveSpec objective, int keepBest) =>
        [.. Ranking.Order(trials, objective).Skip(Math.Max(0, keepBest)).Where(t => TrialLifecycle.IsTerminal(t.Status))];

    /// <summary>The checkpoint directories (<c>best/</c>, <c>last/</c>) to delete now.</summary>
    public static IReadOnlyList<string> ToPrune(IEnumerable<TrialRecord> trials, ObjectiveSpec objective, int keepBest) =>
        [.. Losers(trials, objective, keepBest).SelectMany(Dirs).Where(Directory.Exists)];

    /// <summary>A trial's <c>best/</c> and <c>last/</c> directories.</summary>
    public static IEnumerable<string> Dirs(TrialRecord t) =>
        t.CheckpointPath is { } dir ? [Path.Combine(dir, "best"), Path.Combine(dir, "last")] : [];

    /// <summary>Deletes one checkpoint directory; a failure to delete is not fatal.</summary>
    public static void Delete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // retried at the next prune
        }
        catch (UnauthorizedAccessException)
        {
            // retried at the next prune
        }
    }
}
