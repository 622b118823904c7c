namespace SweepCluster.Messages;

/// <summary>Answer to a checkpoint upload: what was stored.</summary>
public sealed record CheckpointReceipt(string TrialId, string Kind, long Bytes, string Sha256);
