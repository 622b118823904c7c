namespace SweepCluster.Messages;

/// <summary>
/// <c>POST /api/v1/sweeps</c> with <c>application/json</c>: a sweep file's text (HOCON or JSON). A plain-text body
/// (<c>text/plain</c>, <c>application/hocon</c>) carries the same text directly, with the protocol in the <c>X-Sweep-Protocol</c> header.
/// </summary>
public sealed record SubmitSweepRequest
{
    /// <summary>Wire protocol version; must equal <see cref="ProtocolVersion.Current"/>.</summary>
    public int Protocol { get; init; }

    /// <summary>The sweep file's text.</summary>
    public string Sweep { get; init; } = "";

    /// <summary>A name for the text in error messages (e.g. its file name).</summary>
    public string? Source { get; init; }
}
