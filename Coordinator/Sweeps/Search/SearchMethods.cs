using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Constraints;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>Everything any search method may need; grid and random use the plan, TPE the space and constraints.</summary>
internal sealed record SearchContext
{
    /// <summary>grid | random | tpe.</summary>
    public string Method { get; init; } = "grid";

    /// <summary>The planned points (grid, random).</summary>
    public IReadOnlyList<PlannedTrial> Plan { get; init; } = [];

    /// <summary>The swept parameters (tpe).</summary>
    public IReadOnlyList<ParameterConfig> Space { get; init; } = [];

    /// <summary>Compiled constraints (tpe; the plan already respects them).</summary>
    public IReadOnlyList<Constraint> Constraints { get; init; } = [];

    /// <summary>Trial count and concurrency limits.</summary>
    public SearchBudget Budget { get; init; } = new();

    /// <summary>Which direction of the objective is better (tpe).</summary>
    public ObjectiveMode Mode { get; init; } = ObjectiveMode.Min;

    /// <summary>TPE's settings.</summary>
    public TpeSettings Tpe { get; init; } = new();

    /// <summary>Seed of the search.</summary>
    public long Seed { get; init; }

    /// <summary>Finished trials TPE starts from (warm start).</summary>
    public IReadOnlyList<WarmTrial> WarmStart { get; init; } = [];
}

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

    /// <summary>A fresh search of kind <see cref="SearchContext.Method"/> (grid | random | tpe).</summary>
    public static ISearchMethod Create(SearchContext c) => c.Method == "tpe"
        ? new TpeSearch(c.Space, c.Constraints, c.Budget, c.Mode, c.Tpe, c.Seed, c.WarmStart)
        : Create(c.Method, c.Plan, c.Budget, c.Seed);

    /// <summary>A search of kind <see cref="SearchContext.Method"/> restored from <paramref name="state"/> (<see cref="ISearchMethod.SaveState"/>).</summary>
    public static ISearchMethod Restore(SearchContext c, string state) => c.Method == "tpe"
        ? TpeSearch.Restore(c.Space, c.Constraints, c.Budget, c.Mode, c.Tpe, state)
        : Restore(c.Method, c.Plan, c.Budget, state);
}
