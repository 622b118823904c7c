namespace SweepCluster.Messages;

/// <summary><c>POST /api/v1/trials/{id}/fail</c>: the attempt failed, or was handed back on shutdown.</summary>
public sealed record FailRequest
{
    /// <summary>Wire protocol version; must equal <see cref="ProtocolVersion.Current"/>.</summary>
    public int Protocol { get; init; }

    /// <summary>The attempt that failed.</summary>
    public int Attempt { get; init; }

    /// <summary>Fencing token of the attempt's lease.</summary>
    public long FencingToken { get; init; }

    /// <summary>Why it failed (1–4,096 characters).</summary>
    public string Error { get; init; } = "";

    /// <summary>The tail of the attempt's log (at most 64 KiB).</summary>
    public string? LogTail { get; init; }

    /// <summary>True when the worker is shutting down: re-lease elsewhere, not counted as a failure.</summary>
    public bool Interrupted { get; init; }
}
