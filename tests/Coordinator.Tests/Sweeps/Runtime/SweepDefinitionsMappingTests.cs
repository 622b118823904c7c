using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

public sealed class SweepDefinitionsMappingTests
{
    [Fact]
    public void ToDefinition_Pa2Example_CarriesEverySetting()
    {
        var file = SweepFileLoader.Load(Path.Combine(SharedData.RepoRoot, "examples", "pa2-encoder.hocon"), HoconOptions.WithoutEnvironment);
        var plan = SweepPlanner.Plan(file.Sweep);

        var d = SweepDefinitions.From(file, plan);

        Assert.Equal("pa2-encoder", d.Name);
        Assert.Equal("classify", d.Task);
        Assert.Equal("grid", d.Search);
        Assert.Equal(90, d.Plan.Count);
        Assert.Equal(SchedulerKind.Asha, d.Scheduler.Kind);
        Assert.Equal(TimeAttr.Epoch, d.Scheduler.TimeAttr);
        Assert.Equal(3, d.Scheduler.Grace);
        Assert.Equal(15, d.Scheduler.MaxT);
        Assert.Equal(2, d.MaxConcurrent);
        Assert.Equal(3, d.KeepBest);
        Assert.Equal(Path.GetFullPath("runs/pa2-encoder"), d.CheckpointDir);
        Assert.Equal(15, d.Trial.GetProperty("epochs").GetInt32());
    }

    [Fact]
    public void ToDefinition_NoMaxT_Infinite()
    {
        var file = SweepFileLoader.LoadText("sweep { trial { task = noop }, scheduler { type = median } }", options: HoconOptions.WithoutEnvironment);

        var d = SweepDefinitions.From(file, SweepPlanner.Plan(file.Sweep));

        Assert.Equal(SchedulerKind.Median, d.Scheduler.Kind);
        Assert.True(double.IsPositiveInfinity(d.Scheduler.MaxT));
        Assert.Single(d.Plan);
    }
}
