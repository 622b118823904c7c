using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Schedulers;

public sealed class MedianSchedulerTests
{
    private static readonly SchedulerSettings Settings = new() { Kind = SchedulerKind.Median, Grace = 2, MinTrials = 2 };

    private static bool Stops(ISweepPolicy s, string trial, double time, double value) =>
        s.Handle(new MetricReported(trial, time, value)).OfType<StopTrial>().Any();

    [Fact]
    public void Handle_WorseThanMedianOfRunningAverages_Stops()
    {
        var s = new MedianScheduler(Settings, ObjectiveMode.Min);
        Assert.False(Stops(s, "a", 1, 1.0));
        Assert.False(Stops(s, "a", 2, 0.6)); // no other trials yet
        Assert.False(Stops(s, "b", 1, 0.8));
        Assert.False(Stops(s, "b", 2, 0.4)); // only 1 other trial (< min_trials)
        Assert.False(Stops(s, "c", 1, 0.9)); // before grace
        // c at t=2: others' averages a=(1.0+0.6)/2=0.8, b=(0.8+0.4)/2=0.6, median 0.7; c best 0.75 worse -> stop
        Assert.True(Stops(s, "c", 2, 0.75));
    }

    [Fact]
    public void Handle_BetterThanMedian_Continues()
    {
        var s = new MedianScheduler(Settings, ObjectiveMode.Min);
        Stops(s, "a", 1, 1.0);
        Stops(s, "a", 2, 0.6);
        Stops(s, "b", 1, 0.8);
        Stops(s, "b", 2, 0.4);
        Stops(s, "c", 1, 0.9);
        Assert.False(Stops(s, "c", 2, 0.65));
    }

    [Fact]
    public void Handle_OthersOnlyLater_NotCounted()
    {
        var s = new MedianScheduler(Settings, ObjectiveMode.Max);
        Stops(s, "a", 5, 0.9);
        Stops(s, "b", 5, 0.9);
        Assert.False(Stops(s, "c", 2, 0.1)); // a and b have nothing at or before t=2
        Assert.True(Stops(s, "c", 5, 0.2));
    }

    [Fact]
    public void Fifo_AnyReport_NeverStops()
    {
        var s = new FifoScheduler();
        Assert.Empty(s.Handle(new MetricReported("a", 100, 1e9)));
    }
}
