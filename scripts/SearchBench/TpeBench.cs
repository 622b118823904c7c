using System.Globalization;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Coordinator.Sweeps.Search;
using SweepCluster.Messages;
using SweepCluster.Training.Tasks;

namespace SweepCluster.SearchBench;

/// <summary>
/// Bar 1: TPE against random search on Hartmann-6 (x1..x6 uniform in [0, 1]), 60 trials, 4 parallel, over seeds 0..n−1.
/// Random search is the sweep planner's seeded random plan driven by <see cref="RandomSearch"/>, as a sweep runs it.
/// </summary>
internal static class TpeBench
{
    private const int Trials = 60;
    private const int Workers = 4;

    /// <summary>Runs both methods over <paramref name="seeds"/> seeds; returns TPE's median regret over random's.</summary>
    public static double Run(int seeds, TextWriter o, TpeSettings? settings = null, int firstSeed = 0)
    {
        var space = Enumerable.Range(1, 6).Select(i => new ParameterConfig($"x{i}", DistributionKind.Uniform) { Low = 0, High = 1 }).ToList();
        var budget = new SearchBudget { MaxTrials = Trials, MaxConcurrent = Workers };
        var random = new List<double>();
        var tpe = new List<double>();
        for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var sweep = new SweepConfig { Space = space, Search = new SearchConfig { Algorithm = SearchAlgorithm.Random, Samples = Trials, Seed = seed } };
            var plan = SweepPlanner.Plan(sweep).Trials;
            random.Add(Regret(new RandomSearch(plan, budget, seed), seed));
            tpe.Add(Regret(new TpeSearch(space, [], budget, ObjectiveMode.Min, settings ?? new TpeSettings(), seed), seed));
        }

        var (mr, mt) = (Median(random), Median(tpe));
        o.WriteLine(Invariant($"Hartmann-6, {Trials} trials, {Workers} parallel, seeds {firstSeed}..{firstSeed + seeds - 1}: simple regret (best value found - global minimum)"));
        o.WriteLine(Invariant($"  random: median {mr:F4}  (min {random.Min():F4}, max {random.Max():F4})"));
        o.WriteLine(Invariant($"  tpe:    median {mt:F4}  (min {tpe.Min():F4}, max {tpe.Max():F4})"));
        o.WriteLine(Invariant($"  tpe/random median regret ratio: {mt / mr:F3}  (bar: <= 0.5) -> {(mt / mr <= 0.5 ? "MET" : "NOT MET")}"));
        return mt / mr;
    }

    private static double Regret(ISearchMethod search, int seed)
    {
        static double Value(PlannedTrial p, int t) =>
            TestFunctions.Hartmann6([.. Enumerable.Range(1, 6).Select(i => p.Parameters[$"x{i}"].GetDouble())]);

        var sim = new SweepSimulation(search, new FifoScheduler(), Value, 1, unchecked((ulong)seed + 1000)).Run();
        return sim.Trials.Min(t => t.Values[^1]) - TestFunctions.Minimum("hartmann6");
    }

    /// <summary>The median of <paramref name="values"/>.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[(s.Count / 2) - 1] + s[s.Count / 2]) / 2;
    }

    /// <summary>Formats with the invariant culture.</summary>
    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
