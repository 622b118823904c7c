using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Schedulers;

public sealed class AshaSchedulerTests
{
    private static readonly SchedulerSettings Settings = new() { Kind = SchedulerKind.Asha, Grace = 1, ReductionFactor = 2, MaxT = 8 };

    private static bool Stops(ISweepPolicy s, string trial, double time, double value) =>
        s.Handle(new MetricReported(trial, time, value)).OfType<StopTrial>().Any(a => a.TrialId == trial);

    [Fact]
    public void Milestones_GraceEtaMaxT_GeometricBelowMaxT()
    {
        Assert.Equal([1.0, 2.0, 4.0], new AshaScheduler(Settings, ObjectiveMode.Min).Milestones);
        Assert.Equal([1.0, 3.0, 9.0], new AshaScheduler(Settings with { ReductionFactor = 3, MaxT = 27 }, ObjectiveMode.Min).Milestones);
    }

    [Fact]
    public void Handle_RungOne_KeepsTopHalfSoFar()
    {
        var s = new AshaScheduler(Settings, ObjectiveMode.Min);
        Assert.False(Stops(s, "a", 1, 0.5));  // n=1 keep 1: a best
        Assert.True(Stops(s, "b", 1, 0.6));   // n=2 keep 1: a better
        Assert.False(Stops(s, "c", 1, 0.4));  // n=3 keep 1: c best
        Assert.False(Stops(s, "d", 1, 0.45)); // n=4 keep 2: c, d
        Assert.True(Stops(s, "e", 1, 0.55));  // n=5 keep 2: c, d
    }

    [Fact]
    public void Handle_ModeMax_HigherIsBetter()
    {
        var s = new AshaScheduler(Settings, ObjectiveMode.Max);
        Assert.False(Stops(s, "a", 1, 0.5));
        Assert.False(Stops(s, "b", 1, 0.6));
        Assert.True(Stops(s, "c", 1, 0.4));
    }

    [Fact]
    public void Handle_BetweenRungs_OnlyFirstReportAtRungDecides()
    {
        var s = new AshaScheduler(Settings, ObjectiveMode.Min);
        Assert.False(Stops(s, "a", 1, 0.1));
        Assert.True(Stops(s, "b", 1, 0.2));    // n=2 keep 1 -> b stopped
        Assert.False(Stops(s, "a", 1.5, 9.0)); // a already recorded at rung 1, rung 2 not reached
        Assert.False(Stops(s, "c", 1, 0.05));
    }

    [Fact]
    public void Handle_SkipsToHighestReachedRung()
    {
        var s = new AshaScheduler(Settings, ObjectiveMode.Min);
        Assert.False(Stops(s, "a", 4, 0.3)); // recorded at rung 4 only
        Assert.True(Stops(s, "b", 5, 0.4));  // rung 4: n=2 keep 1 -> a better
        Assert.False(Stops(s, "c", 1, 0.9)); // rung 1 is empty apart from c
        Assert.False(Stops(s, "a", 6, 0.1)); // already recorded at rung 4; no higher rung below max_t
    }

    [Fact]
    public void Handle_MissingValue_NoDecision()
    {
        var s = new AshaScheduler(Settings, ObjectiveMode.Min);
        Assert.Empty(s.Handle(new MetricReported("a", 1, null)));
        Assert.False(Stops(s, "a", 1, 0.5));
    }
}
