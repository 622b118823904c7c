namespace SweepCluster.Messages;

/// <summary>One attempt of one trial, with the fencing token of its lease.</summary>
public sealed record AttemptRef(string TrialId, int Attempt, long FencingToken);
