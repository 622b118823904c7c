using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Schedulers;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Binds <c>sweep.search</c> (grid, random, tpe) and <c>sweep.scheduler</c> (fifo, asha, median, hyperband, pbt).</summary>
internal static class SearchBinder
{
    /// <summary>The <c>search { }</c> block; defaults when absent.</summary>
    public static SearchConfig BindSearch(ConfigReader? r)
    {
        var d = new SearchConfig();
        if (r is null)
        {
            return d;
        }

        var search = new SearchConfig
        {
            Algorithm = r.Enum<SearchAlgorithm>("algorithm") ?? d.Algorithm,
            Samples = r.Int("samples", 1) ?? d.Samples,
            Seed = r.Long("seed") ?? d.Seed,
            MaxPoints = r.Long("max_points", 1) ?? d.MaxPoints,
        };
        var tpe = r.Child("tpe");
        r.RejectUnknown();
        if (tpe is null)
        {
            return search;
        }

        if (search.Algorithm != SearchAlgorithm.Tpe)
        {
            throw ConfigException.At(tpe.Object.Origin, $"{tpe.Path}: applies to search.algorithm = tpe only");
        }

        search = search with
        {
            TpeStartup = tpe.Int("n_startup", 1) ?? d.TpeStartup,
            TpeCandidates = tpe.Int("n_candidates", 1) ?? d.TpeCandidates,
            TpeGamma = tpe.Double("gamma") ?? d.TpeGamma,
            TpeConstantLiar = tpe.Bool("constant_liar") ?? d.TpeConstantLiar,
        };
        if (search.TpeGamma is <= 0 or >= 1)
        {
            throw tpe.Error("gamma", $"must be between 0 and 1 (exclusive), found {search.TpeGamma}");
        }

        tpe.RejectUnknown();
        return search;
    }

    /// <summary>The <c>scheduler { }</c> block; PBT's <c>explore</c> keys must be swept parameters of <paramref name="space"/>.</summary>
    public static SchedulerConfig BindScheduler(ConfigReader? r, IReadOnlyList<ParameterConfig> space)
    {
        var d = new SchedulerConfig();
        if (r is null)
        {
            return d;
        }

        var type = r.Enum<SchedulerType>("type") ?? d.Type;
        var grace = r.Long("grace", 0);
        var minT = r.Long("min_t", 1);
        if (grace is not null && minT is not null)
        {
            throw r.Error("min_t", "give grace or min_t, not both (min_t is hyperband's name for grace)");
        }

        var scheduler = new SchedulerConfig
        {
            Type = type,
            TimeAttr = r.Enum<TimeAttribute>("time_attr") ?? d.TimeAttr,
            Grace = grace ?? minT ?? d.Grace,
            ReductionFactor = r.Double("reduction_factor") ?? d.ReductionFactor,
            MaxT = r.Long("max_t", 1),
            MinTrials = r.Int("min_trials", 1) ?? d.MinTrials,
            PerturbationInterval = r.Double("perturbation_interval") ?? d.PerturbationInterval,
            Quantile = r.Double("quantile") ?? d.Quantile,
            ResampleProbability = r.Double("resample_probability") ?? d.ResampleProbability,
            Explore = BindExplore(r.Child("explore"), space),
        };
        if (scheduler.ReductionFactor <= 1)
        {
            throw r.Error("reduction_factor", $"must be greater than 1, found {scheduler.ReductionFactor}");
        }

        if (type == SchedulerType.Hyperband && (scheduler.MaxT is null || scheduler.MaxT <= scheduler.Grace))
        {
            throw scheduler.MaxT is null
                ? r.Missing("max_t", "hyperband's brackets span min_t..max_t")
                : r.Error("max_t", $"must be greater than min_t {scheduler.Grace}, found {scheduler.MaxT}");
        }

        if (scheduler.PerturbationInterval <= 0)
        {
            throw r.Error("perturbation_interval", $"must be positive, found {scheduler.PerturbationInterval}");
        }

        if (scheduler.Quantile is <= 0 or > 0.5)
        {
            throw r.Error("quantile", $"must be in (0, 0.5], found {scheduler.Quantile}");
        }

        if (scheduler.ResampleProbability is < 0 or > 1)
        {
            throw r.Error("resample_probability", $"must be in [0, 1], found {scheduler.ResampleProbability}");
        }

        r.RejectUnknown();
        return scheduler;
    }

    private static IReadOnlyDictionary<string, PbtExplore> BindExplore(ConfigReader? r, IReadOnlyList<ParameterConfig> space)
    {
        if (r is null)
        {
            return PbtSettings.NoExplore;
        }

        var explore = new Dictionary<string, PbtExplore>();
        var names = space.Select(p => p.Name).ToList();
        foreach (var key in r.Object.Fields.Keys)
        {
            if (!names.Contains(key))
            {
                throw ConfigException.At(r.Object.KeyOrigin(key), $"{r.PathOf(key)}: not a swept parameter{DidYouMean.Suggest(key, names)}");
            }

            explore[key] = r.Enum<PbtExplore>(key)!.Value;
        }

        return explore;
    }
}
