namespace SweepCluster.Messages;

/// <summary>The scheduler's decision on the wire.</summary>
public enum WireDecision
{
    /// <summary>Keep training.</summary>
    Continue,

    /// <summary>Checkpoint and stop this attempt.</summary>
    Stop,
}
