namespace SweepCluster.Coordinator.Sweeps.Lifecycle;

/// <summary>A state change that the lifecycle table does not allow.</summary>
internal sealed class InvalidTransitionException(string message) : InvalidOperationException(message);
