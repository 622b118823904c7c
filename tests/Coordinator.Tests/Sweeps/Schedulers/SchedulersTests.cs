using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Schedulers;

public sealed class SchedulersTests
{
    private static readonly IReadOnlyList<ParameterConfig> Space = [new ParameterConfig("lr", DistributionKind.LogUniform) { Low = 1e-4, High = 1 }];

    [Fact]
    public void Create_HyperbandAndPbt_BuildTheirSchedulers()
    {
        var hyperband = new SchedulerSettings { Kind = SchedulerKind.Hyperband, Grace = 1, MaxT = 9 };
        Assert.IsType<HyperbandScheduler>(Coordinator.Sweeps.Schedulers.Schedulers.Create(hyperband, ObjectiveMode.Min));
        Assert.IsType<PbtScheduler>(Coordinator.Sweeps.Schedulers.Schedulers.Create(new SchedulerSettings { Kind = SchedulerKind.Pbt }, ObjectiveMode.Min, Space, 1));
    }

    [Fact]
    public void Restore_SavedPbt_RestoresItsState()
    {
        var settings = new SchedulerSettings { Kind = SchedulerKind.Pbt };
        var pbt = (ISchedulerState)Coordinator.Sweeps.Schedulers.Schedulers.Create(settings, ObjectiveMode.Min, Space, 1);
        var restored = Coordinator.Sweeps.Schedulers.Schedulers.Restore(settings, ObjectiveMode.Min, Space, 1, pbt.SaveState());
        Assert.Equal(pbt.SaveState(), ((ISchedulerState)restored).SaveState());
    }
}
