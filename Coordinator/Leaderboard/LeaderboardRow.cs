using SweepCluster.Coordinator.Sweeps.Lifecycle;

namespace SweepCluster.Coordinator.Leaderboard;

/// <summary>One ranked trial.</summary>
internal sealed record LeaderboardRow(
    int Rank,
    string TrialId,
    string Key,
    IReadOnlyDictionary<string, object?> Parameters,
    double? BestValue,
    long? BestStep,
    double? BestEpoch,
    TrialStatus Status,
    TimeSpan? Duration,
    string? Checkpoint);
