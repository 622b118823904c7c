namespace SweepCluster.Messages;

/// <summary><c>GET /api/v1/sweeps</c>.</summary>
public sealed record SweepList(IReadOnlyList<SweepSummary> Sweeps);
