using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Search;

namespace SweepCluster.Coordinator.Tests.Sweeps.Search;

public sealed class RandomSearchTests
{
    private static List<int> Drain(ISearchMethod search)
    {
        var order = search.Start().Cast<CreateTrial>().Select(c => c.Point.Index).ToList();
        for (var i = 0; i < order.Count; i++)
        {
            order.AddRange(search.Handle(new TrialExited($"t{i}", TrialStatus.Completed)).Cast<CreateTrial>().Select(c => c.Point.Index));
        }

        return order;
    }

    [Fact]
    public void Drain_WholePlan_EachPointExactlyOnce()
    {
        var order = Drain(new RandomSearch(SearchTestData.Plan(20), new SearchBudget { MaxConcurrent = 3 }, seed: 7));
        Assert.Equal(Enumerable.Range(0, 20), order.Order());
        Assert.NotEqual(Enumerable.Range(0, 20), order);
    }

    [Fact]
    public void Drain_SameSeed_SameOrder()
    {
        var a = Drain(new RandomSearch(SearchTestData.Plan(20), new SearchBudget { MaxConcurrent = 3 }, seed: 7));
        var b = Drain(new RandomSearch(SearchTestData.Plan(20), new SearchBudget { MaxConcurrent = 3 }, seed: 7));
        var c = Drain(new RandomSearch(SearchTestData.Plan(20), new SearchBudget { MaxConcurrent = 3 }, seed: 8));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Restore_SavedMidway_ContinuesSameSequence()
    {
        var plan = SearchTestData.Plan(12);
        var budget = new SearchBudget { MaxConcurrent = 1 };
        var reference = Drain(new RandomSearch(plan, budget, seed: 3));

        var search = new RandomSearch(plan, budget, seed: 3);
        var order = search.Start().Cast<CreateTrial>().Select(c => c.Point.Index).ToList();
        order.AddRange(search.Handle(new TrialExited("t0", TrialStatus.Completed)).Cast<CreateTrial>().Select(c => c.Point.Index));
        var restored = RandomSearch.Restore(plan, budget, search.SaveState());
        while (!restored.IsExhausted)
        {
            order.AddRange(restored.Handle(new TrialExited("t", TrialStatus.Completed)).Cast<CreateTrial>().Select(c => c.Point.Index));
        }

        Assert.Equal(reference, order);
    }

    [Fact]
    public void Start_MaxTrials_CreatesOnlyBudget()
    {
        var order = Drain(new RandomSearch(SearchTestData.Plan(20), new SearchBudget { MaxTrials = 5, MaxConcurrent = 2 }, seed: 1));
        Assert.Equal(5, order.Count);
        Assert.Equal(5, order.Distinct().Count());
    }
}
