namespace SweepCluster.Messages;

/// <summary>The wire protocol version carried in every request between workers and the coordinator.</summary>
public static class ProtocolVersion
{
    /// <summary>Current version; bump on any incompatible change to a message record.</summary>
    public const int Current = 1;
}
