using Search = SweepCluster.Coordinator.Sweeps.Search;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Search methods.</summary>
internal enum SearchAlgorithm
{
    /// <summary>The cartesian product of the list-valued parameters.</summary>
    Grid,

    /// <summary>Seeded random draws.</summary>
    Random,

    /// <summary>Tree-structured Parzen Estimator.</summary>
    Tpe,
}

/// <summary>The <c>search { }</c> block.</summary>
internal sealed record SearchConfig
{
    /// <summary>grid | random | tpe.</summary>
    public SearchAlgorithm Algorithm { get; init; } = SearchAlgorithm.Grid;

    /// <summary>Random and TPE search: how many points to draw (TPE: how many trials to create).</summary>
    public int Samples { get; init; } = 20;

    /// <summary>Largest plan accepted (grid points or samples), checked before anything is expanded (<c>search.max_points</c>).</summary>
    public long MaxPoints { get; init; } = 100_000;

    /// <summary>Random search: the seed of the draws (also the base of each trial's seed).</summary>
    public long Seed { get; init; }

    /// <summary>TPE: random trials before the model is used (<c>search.tpe.n_startup</c>).</summary>
    public int TpeStartup { get; init; } = new Search.TpeSettings().NStartup;

    /// <summary>TPE: candidates scored per suggestion (<c>search.tpe.n_candidates</c>).</summary>
    public int TpeCandidates { get; init; } = new Search.TpeSettings().NCandidates;

    /// <summary>TPE: fraction of finished trials in the good group (<c>search.tpe.gamma</c>).</summary>
    public double TpeGamma { get; init; } = new Search.TpeSettings().Gamma;

    /// <summary>TPE: running trials count as bad observations (<c>search.tpe.constant_liar</c>).</summary>
    public bool TpeConstantLiar { get; init; } = true;

    /// <summary>The TPE settings of this block.</summary>
    public Search.TpeSettings Tpe => new() { NStartup = TpeStartup, NCandidates = TpeCandidates, Gamma = TpeGamma, ConstantLiar = TpeConstantLiar };
}
