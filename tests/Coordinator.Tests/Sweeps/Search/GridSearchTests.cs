using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Search;

namespace SweepCluster.Coordinator.Tests.Sweeps.Search;

public sealed class GridSearchTests
{
    [Fact]
    public void Start_MaxConcurrent_CreatesOnlyThatMany()
    {
        var search = new GridSearch(SearchTestData.Plan(5), new SearchBudget { MaxConcurrent = 2 });
        var created = search.Start().Cast<CreateTrial>().Select(c => c.Point.Index).ToList();
        Assert.Equal([0, 1], created);
        Assert.False(search.IsExhausted);
    }

    [Fact]
    public void Handle_TrialExited_CreatesNextInPlanOrderUntilExhausted()
    {
        var search = new GridSearch(SearchTestData.Plan(4), new SearchBudget { MaxConcurrent = 2 });
        var all = search.Start().Cast<CreateTrial>().Select(c => c.Point.Index).ToList();
        Assert.Empty(search.Handle(new MetricReported("k0", 1, 0.5)));
        for (var i = 0; i < 4; i++)
        {
            all.AddRange(search.Handle(new TrialExited($"k{i}", TrialStatus.Completed)).Cast<CreateTrial>().Select(c => c.Point.Index));
        }

        Assert.Equal([0, 1, 2, 3], all);
        Assert.True(search.IsExhausted);
    }

    [Fact]
    public void Start_MaxTrials_StopsAtBudget()
    {
        var search = new GridSearch(SearchTestData.Plan(10), new SearchBudget { MaxTrials = 3 });
        Assert.Equal(3, search.Start().Count);
        Assert.True(search.IsExhausted);
    }

    [Fact]
    public void Restore_SavedMidway_ContinuesWhereItStopped()
    {
        var plan = SearchTestData.Plan(5);
        var budget = new SearchBudget { MaxConcurrent = 2 };
        var search = new GridSearch(plan, budget);
        search.Start();
        var restored = GridSearch.Restore(plan, budget, search.SaveState());
        var next = restored.Handle(new TrialExited("k0", TrialStatus.Stopped)).Cast<CreateTrial>().Single();
        Assert.Equal(2, next.Point.Index);
    }
}
