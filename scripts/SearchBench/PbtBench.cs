using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Coordinator.Sweeps.Search;
using SweepCluster.Messages;
using static SweepCluster.SearchBench.TpeBench;

namespace SweepCluster.SearchBench;

/// <summary>
/// Bar 2: PBT with 8 members against the best of 8 fixed learning rates, each trial 60 evaluations of 10 SGD steps, on
/// a task whose best learning rate falls during training: noisy SGD on a 20-d quadratic (gradient x + noise of sd 1),
/// where a large rate is best while the loss is high and a small one once the gradient noise dominates. The fixed rates
/// are 8 log-spaced values in [1e-3, 1]; PBT starts from the same 8. The checkpoint is x itself, so an exploit copies
/// the source's x. Quality is the true loss |x|²/d at the end (reports are that loss measured with 10 % noise).
/// </summary>
internal static class PbtBench
{
    private const int Members = 8;
    private const int Evaluations = 60;
    private const int StepsPerEvaluation = 10;
    private const int Dimensions = 20;

    /// <summary>Runs seeds 0..<paramref name="seeds"/>−1; prints both results per seed.</summary>
    public static void Run(int seeds, TextWriter o)
    {
        var lr = new ParameterConfig("lr", DistributionKind.LogUniform) { Low = 1e-3, High = 1 };
        var rates = Enumerable.Range(0, Members).Select(k => Math.Pow(10, -3 + (3.0 * k / (Members - 1)))).ToList();
        o.WriteLine(Invariant($"PBT ({Members} members, perturbation_interval 4, quantile 0.25) vs {Members} fixed learning rates (log-spaced 1e-3..1), {Evaluations} x {StepsPerEvaluation} SGD steps each:"));
        var met = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            var fixedBest = rates.Select((r, i) => Train(r, new SplitMix64((ulong)(seed * 100) + (ulong)i))).Min();
            var (pbtBest, exploits) = RunPbt(lr, rates, seed);
            var ok = pbtBest <= fixedBest;
            met += ok ? 1 : 0;
            o.WriteLine(Invariant($"  seed {seed}: best fixed final loss {fixedBest:G4}, PBT best member {pbtBest:G4} ({exploits} exploits) -> {(ok ? "MET" : "NOT MET")}"));
        }

        o.WriteLine(Invariant($"  bar (PBT at least as good as the best fixed rate): met in {met} of {seeds} seeds"));
    }

    private static double Train(double rate, SplitMix64 rng)
    {
        var x = Start(rng);
        for (var t = 0; t < Evaluations * StepsPerEvaluation; t++)
        {
            Step(x, rate, rng);
        }

        return Loss(x);
    }

    private static (double Best, int Exploits) RunPbt(ParameterConfig lr, List<double> rates, int seed)
    {
        var pbt = new PbtScheduler(new PbtSettings(), [lr], ObjectiveMode.Min, seed);
        var rng = new SplitMix64((ulong)(seed * 100) + 50);
        var members = new List<(string Id, double[] X, double Rate)>();
        for (var i = 0; i < Members; i++)
        {
            var point = new Dictionary<string, JsonElement> { ["lr"] = ParameterConfig.Number(rates[i]) };
            members.Add(($"m{i}", Start(rng), rates[i]));
            pbt.Handle(new TrialCreated($"m{i}", new PlannedTrial(i, $"m{i}", point)));
        }

        for (var t = 1; t <= Evaluations; t++)
        {
            // members report in a seeded order each round, as parallel workers would
            var order = Enumerable.Range(0, Members).OrderBy(_ => rng.NextUInt64()).ToList();
            foreach (var i in order)
            {
                var m = members[i];
                for (var s = 0; s < StepsPerEvaluation; s++)
                {
                    Step(m.X, m.Rate, rng);
                }

                var measured = Loss(m.X) * (1 + (0.1 * rng.NextGaussian()));
                foreach (var exploit in pbt.Handle(new MetricReported(m.Id, t, measured)).OfType<ExploitTrial>())
                {
                    var source = members.Single(s => s.Id == exploit.SourceTrialId);
                    members[i] = (m.Id, (double[])source.X.Clone(), exploit.Parameters["lr"].GetDouble());
                }
            }
        }

        return (members.Min(m => Loss(m.X)), pbt.Lineage.Count);
    }

    private static double[] Start(SplitMix64 rng) => [.. Enumerable.Range(0, Dimensions).Select(_ => 3 * rng.NextGaussian())];

    private static void Step(double[] x, double rate, SplitMix64 rng)
    {
        for (var d = 0; d < x.Length; d++)
        {
            x[d] -= rate * (x[d] + rng.NextGaussian());
        }
    }

    private static double Loss(double[] x) => x.Sum(v => v * v) / x.Length;
}
