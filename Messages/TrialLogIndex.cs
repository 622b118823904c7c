namespace SweepCluster.Messages;

/// <summary><c>GET /trials/{id}/logs</c>: the trial's current attempt and status, and every log file the coordinator holds.</summary>
public sealed record TrialLogIndex(string TrialId, int Attempt, string? Status, IReadOnlyList<TrialLogFile> Files);
