namespace SweepCluster.Messages;

/// <summary><c>GET /api/v1/sweeps/{id}/leaderboard</c>: the top ranked trials of a sweep.</summary>
public sealed record LeaderboardPage(string Sweep, ObjectiveSpec Objective, IReadOnlyList<LeaderboardRow> Rows);
