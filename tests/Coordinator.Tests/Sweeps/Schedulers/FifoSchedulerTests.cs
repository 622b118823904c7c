using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Schedulers;

public sealed class FifoSchedulerTests
{
    [Fact]
    public void Handle_AnyEvent_NeverStops()
    {
        var s = new FifoScheduler();
        Assert.Empty(s.Handle(new MetricReported("a", 100, 1e9)));
        Assert.Empty(s.Handle(new MetricReported("b", 1, double.NaN)));
        Assert.Empty(s.Handle(new TrialExited("a", TrialStatus.Completed)));
    }

    [Fact]
    public void Create_SettingsKind_BuildsThatScheduler()
    {
        Assert.IsType<FifoScheduler>(SweepCluster.Coordinator.Sweeps.Schedulers.Schedulers.Create(new SchedulerSettings(), ObjectiveMode.Min));
        Assert.IsType<AshaScheduler>(SweepCluster.Coordinator.Sweeps.Schedulers.Schedulers.Create(new SchedulerSettings { Kind = SchedulerKind.Asha }, ObjectiveMode.Min));
        Assert.IsType<MedianScheduler>(SweepCluster.Coordinator.Sweeps.Schedulers.Schedulers.Create(new SchedulerSettings { Kind = SchedulerKind.Median }, ObjectiveMode.Min));
    }

    [Fact]
    public void TimeOf_EachAttr_StepEpochOrEvaluationCount()
    {
        var report = new MetricReport(300, new Dictionary<string, double> { ["epoch"] = 2.5 });
        Assert.Equal(300, SweepCluster.Coordinator.Sweeps.Schedulers.Schedulers.TimeOf(TimeAttr.Step, report, 4));
        Assert.Equal(2.5, SweepCluster.Coordinator.Sweeps.Schedulers.Schedulers.TimeOf(TimeAttr.Epoch, report, 4));
        Assert.Equal(4, SweepCluster.Coordinator.Sweeps.Schedulers.Schedulers.TimeOf(TimeAttr.Evaluation, report, 4));
    }
}
