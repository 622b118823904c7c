namespace SweepCluster.Messages;

/// <summary><c>POST /api/v1/trials/{id}/complete</c>: the attempt ran to its end, or stopped when told.</summary>
public sealed record CompleteRequest
{
    /// <summary>Wire protocol version; must equal <see cref="ProtocolVersion.Current"/>.</summary>
    public int Protocol { get; init; }

    /// <summary>The attempt that ended.</summary>
    public int Attempt { get; init; }

    /// <summary>Fencing token of the attempt's lease.</summary>
    public long FencingToken { get; init; }

    /// <summary>The last metrics, if any.</summary>
    public MetricReport? Final { get; init; }

    /// <summary>True when the attempt ended because it was told to stop.</summary>
    public bool Stopped { get; init; }
}
