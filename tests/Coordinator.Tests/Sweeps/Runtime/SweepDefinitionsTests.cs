using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

public sealed class SweepDefinitionsTests
{
    [Fact]
    public void From_SweepFile_MapsEverySettingAndRoundTripsThroughJson()
    {
        var file = SweepFileLoader.LoadText("""
            sweep {
              name = mapped
              objective { metric = val_accuracy, mode = max }
              search { algorithm = random, samples = 4, seed = 9 }
              space { target = [0.1, 0.2, 0.3] }
              trial { task = simulated, evaluations = 3 }
              scheduler { type = asha, time_attr = epoch, grace = 2, reduction_factor = 4, max_t = 30 }
              budget { max_trials = 2, max_concurrent = 1, max_time = 10m, max_failures_per_trial = 5 }
              checkpoints { keep_best = 1 }
              resources { cpu_threads = 2 }
            }
            cluster { checkpoint_dir = ckpts }
            """);
        var plan = SweepPlanner.Plan(file.Sweep);
        var def = SweepDefinitions.From(file, plan);
        Assert.Equal(("mapped", "simulated", "random", 9L), (def.Name, def.Task, def.Search, def.Seed));
        Assert.Equal(new ObjectiveSpec("val_accuracy", ObjectiveMode.Max), def.Objective);
        Assert.Equal(new SchedulerSettings { Kind = SchedulerKind.Asha, TimeAttr = TimeAttr.Epoch, Grace = 2, ReductionFactor = 4, MaxT = 30, MinTrials = 3 }, def.Scheduler);
        Assert.Equal((2, 1, TimeSpan.FromMinutes(10), 5, 1, 2), (def.MaxTrials, def.MaxConcurrent, def.MaxTime, def.MaxFailuresPerTrial, def.KeepBest, def.CpuThreads));
        Assert.Equal(Path.GetFullPath("ckpts"), def.CheckpointDir);
        Assert.Equal(plan.Trials.Select(t => t.Key), def.Plan.Select(t => t.Key));

        var back = SweepDefinition.FromJson(def.ToJson());
        Assert.Equal(def.Scheduler, back.Scheduler);
        Assert.Equal(def.Plan.Select(p => p.Key), back.Plan.Select(p => p.Key));
        Assert.Equal(3, back.Trial.GetProperty("evaluations").GetInt32());
    }

    [Fact]
    public void From_NoMaxT_AshaRungsUnbounded()
    {
        var file = SweepFileLoader.LoadText("""
            sweep {
              space { target = [0.1] }
              trial { task = simulated }
              scheduler { type = asha }
            }
            """);
        var def = SweepDefinitions.From(file, SweepPlanner.Plan(file.Sweep));
        Assert.True(double.IsPositiveInfinity(def.Scheduler.MaxT));
        Assert.True(double.IsPositiveInfinity(SweepDefinition.FromJson(def.ToJson()).Scheduler.MaxT));
        Assert.Equal(32, new AshaScheduler(def.Scheduler, ObjectiveMode.Min).Milestones.Count);
    }
}
