namespace SweepCluster.Messages;

/// <summary><c>GET /api/v1/sweeps/{id}/leaderboard</c>: the ranked trials of a sweep.</summary>
public sealed record Leaderboard(string Sweep, ObjectiveSpec Objective, IReadOnlyList<LeaderboardRow> Rows);
