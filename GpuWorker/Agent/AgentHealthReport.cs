namespace SweepCluster.GpuWorker.Agent;

/// <summary>One answer of the health endpoint.</summary>
/// <param name="Live">the loops are not wedged (or the agent is draining)</param>
/// <param name="Ready">registered and not draining</param>
/// <param name="Status">ok, registering, draining or wedged</param>
/// <param name="SecondsSinceProgress">since the last registration attempt or heartbeat round</param>
/// <param name="LimitSeconds">longest time without progress that is still live</param>
internal sealed record AgentHealthReport(bool Live, bool Ready, string Status, double SecondsSinceProgress, double LimitSeconds);
