namespace SweepCluster.Messages;

/// <summary>Answer to a heartbeat: attempts the worker must stop.</summary>
public sealed record HeartbeatResponse(IReadOnlyList<AttemptRef> Stop);
