namespace SweepCluster.Messages;

/// <summary><c>POST /api/v1/workers/{id}/heartbeat</c>: renews the leases of the attempts the worker is running.</summary>
public sealed record HeartbeatRequest
{
    /// <summary>Wire protocol version; must equal <see cref="ProtocolVersion.Current"/>.</summary>
    public int Protocol { get; init; }

    /// <summary>The attempts running on the worker (at most 256).</summary>
    public IReadOnlyList<AttemptRef> Running { get; init; } = [];
}
