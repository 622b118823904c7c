namespace SweepCluster.Messages;

/// <summary>HTTP headers of requests whose body is not JSON (checkpoint uploads, plain-text sweep files).</summary>
public static class WireHeaders
{
    /// <summary>The protocol version, for requests without a JSON body; must equal <see cref="ProtocolVersion.Current"/> when present.</summary>
    public const string Protocol = "X-Sweep-Protocol";

    /// <summary>The attempt a checkpoint upload belongs to.</summary>
    public const string Attempt = "X-Sweep-Attempt";

    /// <summary>The fencing token of the attempt's lease.</summary>
    public const string FencingToken = "X-Sweep-Fencing-Token";

    /// <summary>Lower-case hex SHA-256 of a checkpoint archive's bytes.</summary>
    public const string Sha256 = "X-Checkpoint-Sha256";
}
