using SweepCluster.Coordinator.Sweeps.Planning;

namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>Builds and restores search methods by name.</summary>
internal static class SearchMethods
{
    /// <summary>A fresh search of kind <paramref name="method"/> (grid | random).</summary>
    public static ISearchMethod Create(string method, IReadOnlyList<PlannedTrial> plan, SearchBudget budget, long seed) =>
        method switch
        {
            "random" => new RandomSearch(plan, budget, seed),
            _ => new GridSearch(plan, budget),
        };

    /// <summary>A search of kind <paramref name="method"/> restored from its saved state.</summary>
    public static ISearchMethod Restore(string method, IReadOnlyList<PlannedTrial> plan, SearchBudget budget, string state) =>
        method switch
        {
            "random" => RandomSearch.Restore(plan, budget, state),
            _ => GridSearch.Restore(plan, budget, state),
        };
}
