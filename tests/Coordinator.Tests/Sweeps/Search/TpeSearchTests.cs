using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Constraints;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Search;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Search;

public sealed class TpeSearchTests
{
    private static readonly List<ParameterConfig> Square =
    [
        new("x", DistributionKind.Uniform) { Low = 0, High = 1 },
        new("y", DistributionKind.Uniform) { Low = 0, High = 1 },
    ];

    private static double Bowl(PlannedTrial p) => Math.Pow(p.Parameters["x"].GetDouble() - 0.2, 2) + Math.Pow(p.Parameters["y"].GetDouble() - 0.7, 2);

    private static TpeSearch Make(int max = 40, int concurrent = 2, IReadOnlyList<ParameterConfig>? space = null, IReadOnlyList<Constraint>? constraints = null, ObjectiveMode mode = ObjectiveMode.Min, IEnumerable<WarmTrial>? warm = null) =>
        new(space ?? Square, constraints ?? [], new SearchBudget { MaxTrials = max, MaxConcurrent = concurrent }, mode, new TpeSettings(), 7, warm);

    /// <summary>Runs a search to its end, finishing trials oldest first; <paramref name="between"/> may swap the search after each exit.</summary>
    private static List<PlannedTrial> Drive(ISearchMethod search, Func<PlannedTrial, double> f, Func<ISearchMethod, ISearchMethod>? between = null)
    {
        var created = new List<PlannedTrial>();
        var open = new Queue<(string Id, PlannedTrial Point)>();
        void Apply(IReadOnlyList<SweepAction> actions)
        {
            foreach (var c in actions.OfType<CreateTrial>())
            {
                var id = $"t{created.Count}";
                created.Add(c.Point);
                open.Enqueue((id, c.Point));
                search.Handle(new TrialCreated(id, c.Point));
            }
        }

        Apply(search.Start());
        while (open.TryDequeue(out var t))
        {
            search.Handle(new MetricReported(t.Id, 1, f(t.Point)));
            Apply(search.Handle(new TrialExited(t.Id, TrialStatus.Completed)));
            search = between?.Invoke(search) ?? search;
        }

        return created;
    }

    [Fact]
    public void Start_TwoWorkers_CreatesTwoDistinctPoints()
    {
        var actions = Make().Start().OfType<CreateTrial>().ToList();
        Assert.Equal(2, actions.Count);
        Assert.NotEqual(actions[0].Point.Key, actions[1].Point.Key);
    }

    [Fact]
    public void Handle_BowlForty_BeatsTheStartupTrialsAndNeverRepeats()
    {
        var trials = Drive(Make(), Bowl);
        Assert.Equal(40, trials.Count);
        Assert.Equal(40, trials.Select(t => t.Key).Distinct().Count());
        var startupBest = trials.Take(5).Min(Bowl);
        Assert.True(trials.Min(Bowl) < startupBest / 4, $"best {trials.Min(Bowl)} vs startup {startupBest}");
        Assert.True(trials.Skip(20).Average(Bowl) < trials.Take(5).Average(Bowl), "later trials are better on average");
    }

    [Fact]
    public void Handle_ModeMax_ClimbsTowardsTheMaximum()
    {
        var trials = Drive(Make(mode: ObjectiveMode.Max), p => -Bowl(p));
        Assert.True(trials.Skip(20).Average(Bowl) < trials.Take(5).Average(Bowl));
    }

    [Fact]
    public void SaveState_RestoredAfterEveryExit_SameSuggestionsFollow()
    {
        var straight = Drive(Make(), Bowl);
        var restored = Drive(Make(), Bowl, s => TpeSearch.Restore(Square, [], new SearchBudget { MaxTrials = 40, MaxConcurrent = 2 }, ObjectiveMode.Min, new TpeSettings(), s.SaveState()));
        Assert.Equal(straight.Select(t => t.Key), restored.Select(t => t.Key));
    }

    [Fact]
    public void Handle_Constraint_EveryPointSatisfiesIt()
    {
        var c = Constraint.Compile("x + y <= 0.5", ["x", "y"]);
        var trials = Drive(Make(constraints: [c]), Bowl);
        Assert.Equal(40, trials.Count);
        Assert.All(trials, t => Assert.True(c.IsSatisfiedBy(t.Parameters)));
    }

    [Fact]
    public void Handle_MixedSpace_ValuesStayInTheirDistributions()
    {
        List<ParameterConfig> space =
        [
            new("lr", DistributionKind.LogUniform) { Low = 1e-4, High = 1e-1 },
            new("layers", DistributionKind.Int) { Low = 2, High = 8, Step = 2 },
            new("optimizer", DistributionKind.Choice) { Values = [JsonSerializer.SerializeToElement("adamw"), JsonSerializer.SerializeToElement("sgd")] },
        ];
        double Loss(PlannedTrial p) => Math.Abs(Math.Log10(p.Parameters["lr"].GetDouble()) + 3) + (p.Parameters["optimizer"].GetString() == "sgd" ? 1 : 0);
        var trials = Drive(Make(space: space), Loss);
        Assert.All(trials, t =>
        {
            Assert.InRange(t.Parameters["lr"].GetDouble(), 1e-4, 1e-1);
            Assert.Contains(t.Parameters["layers"].GetInt64(), new long[] { 2, 4, 6, 8 });
            Assert.Contains(t.Parameters["optimizer"].GetString(), new[] { "adamw", "sgd" });
        });
        Assert.True(trials.Skip(20).Count(t => t.Parameters["optimizer"].GetString() == "adamw") > 12, "the better choice dominates later trials");
    }

    [Fact]
    public void Handle_SmallDiscreteSpace_StopsWhenEveryPointWasTried()
    {
        List<ParameterConfig> space = [new("k", DistributionKind.Int) { Low = 1, High = 3 }];
        var search = Make(space: space);
        var trials = Drive(search, p => p.Parameters["k"].GetDouble());
        Assert.Equal(3, trials.Count);
        Assert.True(search.IsExhausted);
    }

    [Fact]
    public void Constructor_WarmStart_FirstSuggestionsNearTheGoodTrials()
    {
        var warm = Enumerable.Range(0, 20).Select(i =>
        {
            var (x, y) = ((i % 5) / 4.0, (i / 5) / 3.0);
            var p = new Dictionary<string, JsonElement> { ["x"] = ParameterConfig.Number(x), ["y"] = ParameterConfig.Number(y) };
            return new WarmTrial(p, Math.Pow(x - 0.2, 2) + Math.Pow(y - 0.7, 2));
        }).ToList();
        var cold = Make(concurrent: 8).Start().OfType<CreateTrial>().Average(c => Bowl(c.Point));
        var search = Make(concurrent: 8, warm: warm);
        var hot = search.Start().OfType<CreateTrial>().Average(c => Bowl(c.Point));
        Assert.Equal(20, search.WarmStarted);
        Assert.True(hot < cold / 2, $"warm {hot} cold {cold}");
    }

    [Fact]
    public void Start_ConstantLiar_SpreadsParallelSuggestionsFurtherThanWithout()
    {
        var history = Drive(Make(concurrent: 1, max: 30), Bowl).Select(t => new WarmTrial(t.Parameters, Bowl(t))).ToList();
        double Spread(bool liar)
        {
            var settings = new TpeSettings { ConstantLiar = liar };
            var points = new TpeSearch(Square, [], new SearchBudget { MaxTrials = 100, MaxConcurrent = 8 }, ObjectiveMode.Min, settings, 7, history)
                .Start().OfType<CreateTrial>().Select(c => (X: c.Point.Parameters["x"].GetDouble(), Y: c.Point.Parameters["y"].GetDouble())).ToList();
            Assert.Equal(8, points.Count);
            return points.SelectMany(a => points.Select(b => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2)))).Average();
        }

        Assert.True(Spread(liar: true) > Spread(liar: false), $"with liar {Spread(true)}, without {Spread(false)}");
    }
}
