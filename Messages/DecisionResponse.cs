namespace SweepCluster.Messages;

/// <summary>Answer to a report, completion or failure that the coordinator accepted.</summary>
public sealed record DecisionResponse(WireDecision Decision, bool Duplicate);
