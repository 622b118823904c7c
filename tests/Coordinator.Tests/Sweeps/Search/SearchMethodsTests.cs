using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Search;

namespace SweepCluster.Coordinator.Tests.Sweeps.Search;

public sealed class SearchMethodsTests
{
    private static readonly SearchContext Tpe = new()
    {
        Method = "tpe",
        Space = [new ParameterConfig("x", DistributionKind.Uniform) { Low = 0, High = 1 }],
        Budget = new SearchBudget { MaxTrials = 10, MaxConcurrent = 2 },
        Seed = 5,
    };

    [Fact]
    public void Create_TpeContext_BuildsTpe()
    {
        Assert.IsType<TpeSearch>(SearchMethods.Create(Tpe));
        Assert.IsType<RandomSearch>(SearchMethods.Create(Tpe with { Method = "random", Plan = SearchTestData.Plan(3) }));
        Assert.IsType<GridSearch>(SearchMethods.Create(Tpe with { Method = "grid", Plan = SearchTestData.Plan(3) }));
    }

    [Fact]
    public void Restore_TpeContext_ContinuesWithTheSameSuggestions()
    {
        var a = SearchMethods.Create(Tpe);
        var first = a.Start().OfType<CreateTrial>().ToList();
        a.Handle(new TrialCreated("t0", first[0].Point));
        a.Handle(new MetricReported("t0", 1, 0.5));
        var b = SearchMethods.Restore(Tpe, a.SaveState());
        Assert.IsType<TpeSearch>(b);
        var exitA = a.Handle(new TrialExited("t0", Coordinator.Sweeps.Lifecycle.TrialStatus.Completed)).OfType<CreateTrial>().ToList();
        var exitB = b.Handle(new TrialExited("t0", Coordinator.Sweeps.Lifecycle.TrialStatus.Completed)).OfType<CreateTrial>().ToList();
        Assert.Equal(2, first.Count);
        Assert.Single(exitA);
        Assert.Equal(exitA.Select(c => c.Point.Key), exitB.Select(c => c.Point.Key));
    }
}
