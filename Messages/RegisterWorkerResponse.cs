namespace SweepCluster.Messages;

/// <summary>Answer to a registration: the worker id and the timings the worker must keep.</summary>
public sealed record RegisterWorkerResponse(string WorkerId, double HeartbeatIntervalSeconds, double LeaseTtlSeconds);
