using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Coordinator.Sweeps.Search;
using SweepCluster.Messages;
using static SweepCluster.SearchBench.TpeBench;

namespace SweepCluster.SearchBench;

/// <summary>
/// Bar 3: Hyperband (min_t 1, max_t 15 epochs, η 3) over the 90 grid points of examples/pa2-encoder.hocon in a seeded
/// random order, against the full grid trained for 15 epochs each, on <see cref="Pa2EncoderSurrogate"/>. The answer of
/// each method is its best trial among those trained to 15 epochs; the bar compares their 15-epoch accuracies and the
/// epochs trained.
/// </summary>
internal static class HyperbandBench
{
    private const int MaxT = 15;

    /// <summary>Runs the grid once and Hyperband for search seeds 0..<paramref name="seeds"/>−1.</summary>
    public static void Run(int seeds, TextWriter o, string sweepFile, int maxTrials, double eta = 3, double minT = 2)
    {
        var plan = SweepPlanner.Plan(SweepFileLoader.Load(sweepFile).Sweep).Trials;
        var grid = new SweepSimulation(new GridSearch(plan, new SearchBudget { MaxConcurrent = 2 }), new FifoScheduler(), Pa2EncoderSurrogate.Accuracy, MaxT, 1).Run();
        var gridBest = grid.Trials.Max(t => t.Values[^1]);
        o.WriteLine(Invariant($"pa2-encoder grid ({plan.Count} points x {MaxT} epochs) on the surrogate (docs/search.md): best {gridBest:F2} % after {grid.Steps} epochs"));
        var settings = new SchedulerSettings { Kind = SchedulerKind.Hyperband, Grace = minT, MaxT = MaxT, ReductionFactor = eta };
        o.WriteLine(Invariant($"hyperband min_t {minT}, max_t {MaxT}, reduction_factor {eta}, max_trials {maxTrials} (random order of the grid's points), 2 parallel:"));
        var met = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            var search = new RandomSearch(plan, new SearchBudget { MaxTrials = maxTrials, MaxConcurrent = 2 }, seed);
            var hb = new SweepSimulation(search, new HyperbandScheduler(settings, ObjectiveMode.Max), Pa2EncoderSurrogate.Accuracy, MaxT, (ulong)seed + 1).Run();
            var best = hb.Trials.Where(t => t.Completed).Max(t => t.Values[^1]);
            var share = (double)hb.Steps / grid.Steps;
            var ok = gridBest - best <= 0.5 && share <= 0.30;
            met += ok ? 1 : 0;
            o.WriteLine(Invariant($"  hyperband seed {seed}: {hb.Trials.Count} trials, best {best:F2} % ({gridBest - best:F2} below the grid), {hb.Steps} epochs = {share:P1} of the grid's -> {(ok ? "MET" : "NOT MET")}"));
        }

        o.WriteLine(Invariant($"  bar (within 0.5 points using <= 30 % of the grid's epochs): met in {met} of {seeds} seeds"));
    }
}
