using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>Decides which points of the plan become trials, and when; a pure state machine with saveable state.</summary>
internal interface ISearchMethod : ISweepPolicy
{
    /// <summary>The first trials of a fresh sweep.</summary>
    IReadOnlyList<SweepAction> Start();

    /// <summary>True when no more trials will be created.</summary>
    bool IsExhausted { get; }

    /// <summary>The whole state (counters, RNG) as JSON; <see cref="SearchMethods.Restore"/> rebuilds it.</summary>
    string SaveState();
}
