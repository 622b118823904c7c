namespace SweepCluster.Coordinator.Sweeps.Schedulers;

/// <summary>A scheduler whose state must survive a coordinator restart (Hyperband, PBT): persist it with the sweep.</summary>
internal interface ISchedulerState
{
    /// <summary>The whole state (rungs, brackets, lineage, RNG) as JSON; the scheduler's <c>Restore</c> rebuilds it.</summary>
    string SaveState();
}
