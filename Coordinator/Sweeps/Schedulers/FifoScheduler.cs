using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Sweeps.Schedulers;

/// <summary>Never stops a trial early.</summary>
internal sealed class FifoScheduler : ISweepPolicy
{
    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Handle(SweepEvent e) => [];
}
