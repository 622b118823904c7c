namespace SweepCluster.Messages;

/// <summary><c>POST /api/v1/trials/{id}/reports</c>: metrics of one evaluation of a leased attempt.</summary>
public sealed record ReportRequest
{
    /// <summary>Wire protocol version; must equal <see cref="ProtocolVersion.Current"/>.</summary>
    public int Protocol { get; init; }

    /// <summary>The attempt the report belongs to.</summary>
    public int Attempt { get; init; }

    /// <summary>Fencing token of the attempt's lease.</summary>
    public long FencingToken { get; init; }

    /// <summary>The metrics at a step.</summary>
    public MetricReport? Report { get; init; }
}
