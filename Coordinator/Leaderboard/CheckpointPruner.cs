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
    /// <summary>The checkpoint directories (<c>best/</c>, <c>last/</c>) to delete now.</summary>
    public static IReadOnlyList<string> ToPrune(IEnumerable<TrialRecord> trials, ObjectiveSpec objective, int keepBest)
    {
        var ranked = Ranking.Order(trials, objective);
        return [.. ranked.Skip(Math.Max(0, keepBest))
            .Where(t => TrialLifecycle.IsTerminal(t.Status) && t.CheckpointPath is not null)
            .SelectMany(t => new[] { Path.Combine(t.CheckpointPath!, "best"), Path.Combine(t.CheckpointPath!, "last") })
            .Where(Directory.Exists)];
    }

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
