namespace SweepCluster.Messages;

/// <summary>Answer to <c>PUT /trials/{id}/logs/{attempt}/{file}?offset=N</c>: the log file's size on the coordinator now.</summary>
public sealed record LogReceipt(string TrialId, int Attempt, string File, long Size);
