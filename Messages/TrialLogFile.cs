namespace SweepCluster.Messages;

/// <summary>One log file of one attempt in the coordinator's artifact store.</summary>
public sealed record TrialLogFile(int Attempt, string Name, long Size);
