using SweepCluster.Coordinator.Leaderboard;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Leaderboard;

public sealed class RankingTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private TrialRecord Trial(int i, double? best, TrialStatus status = TrialStatus.Completed, int finishedAfter = 0) => new()
    {
        Id = $"s.{i}", SweepId = "s", Index = i, Key = $"k{i}", Parameters = $"{{\"lr\":{i}}}", Status = status, BestValue = best,
        StartedAt = T0, FinishedAt = TrialLifecycle.IsTerminal(status) ? T0.AddSeconds(finishedAfter) : null,
        CheckpointPath = Path.Combine(_tmp.Path, $"k{i}"),
    };

    [Fact]
    public void Order_ModeMax_HighestFirstTiesByEarlierCompletionNoValueLast()
    {
        var trials = new[] { Trial(0, 0.5, finishedAfter: 9), Trial(1, null), Trial(2, 0.9, finishedAfter: 5), Trial(3, 0.5, finishedAfter: 3) };
        var order = Ranking.Order(trials, new ObjectiveSpec("acc", ObjectiveMode.Max)).Select(t => t.Key);
        Assert.Equal(["k2", "k3", "k0", "k1"], order);
    }

    [Theory]
    [InlineData(ObjectiveMode.Max, 0.99)]
    [InlineData(ObjectiveMode.Min, 0.01)]
    public void Order_DeadTrialWithTheBestValue_RanksAfterEveryLiveOne(ObjectiveMode mode, double deadValue)
    {
        var trials = new[] { Trial(0, 0.5), Trial(1, deadValue, TrialStatus.Dead), Trial(2, 0.6, TrialStatus.Stopped), Trial(3, null) };
        var order = Ranking.Order(trials, new ObjectiveSpec("m", mode)).Select(t => t.Key).ToList();
        Assert.NotEqual("k1", order[0]);
        Assert.Equal(["k1", "k3"], order[2..]);
    }

    [Fact]
    public void Rows_ModeMinTop2_RankedWithDurationAndParameters()
    {
        var trials = new[] { Trial(0, 0.5, finishedAfter: 10), Trial(1, 0.2, finishedAfter: 4), Trial(2, 0.9, TrialStatus.Running) };
        var rows = Ranking.Rows(trials, new ObjectiveSpec("loss", ObjectiveMode.Min), top: 2);
        Assert.Equal([1, 2], rows.Select(r => r.Rank));
        Assert.Equal(["k1", "k0"], rows.Select(r => r.Key));
        Assert.Equal(TimeSpan.FromSeconds(4), rows[0].Duration);
        Assert.Equal(1.0, rows[0].Parameters["lr"]);
    }

    [Fact]
    public void ToPrune_KeepBestOne_FinishedOthersLoseCheckpointsRunningKeepsLast()
    {
        var trials = new[] { Trial(0, 0.1), Trial(1, 0.2), Trial(2, 0.05, TrialStatus.Running), Trial(3, 0.3, TrialStatus.Pending) };
        foreach (var t in trials)
        {
            Directory.CreateDirectory(Path.Combine(t.CheckpointPath!, "best"));
            Directory.CreateDirectory(Path.Combine(t.CheckpointPath!, "last"));
        }

        // rank: k2 (running, 0.05) is first, so k0 and k1 are outside the top 1; k2 and k3 are not finished
        var prune = CheckpointPruner.ToPrune(trials, new ObjectiveSpec("loss", ObjectiveMode.Min), keepBest: 1);
        Assert.Equal(
            [Path.Combine(_tmp.Path, "k0", "best"), Path.Combine(_tmp.Path, "k0", "last"), Path.Combine(_tmp.Path, "k1", "best"), Path.Combine(_tmp.Path, "k1", "last")],
            prune);
        foreach (var dir in prune)
        {
            CheckpointPruner.Delete(dir);
        }

        Assert.Null(Ranking.BestCheckpoint(trials[0]));
        Assert.NotNull(Ranking.BestCheckpoint(trials[2]));
        Assert.True(Directory.Exists(Path.Combine(trials[3].CheckpointPath!, "last")));
    }
}
