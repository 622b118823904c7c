using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>From a loaded sweep file and its plan to what the sweep runtime stores and runs.</summary>
internal static class SweepDefinitionMapper
{
    /// <summary>The runtime's definition of <paramref name="file"/>'s sweep with the trials of <paramref name="plan"/>.</summary>
    public static SweepDefinition ToDefinition(SweepFile file, SweepPlan plan)
    {
        var s = file.Sweep;
        return new SweepDefinition
        {
            Name = s.Name,
            Task = s.Task,
            Trial = s.Trial,
            Objective = s.Objective,
            Search = s.Search.Algorithm == SearchAlgorithm.Random ? "random" : "grid",
            Seed = s.Search.Seed,
            Scheduler = new SchedulerSettings
            {
                Kind = s.Scheduler.Type switch
                {
                    SchedulerType.Asha => SchedulerKind.Asha,
                    SchedulerType.Median => SchedulerKind.Median,
                    _ => SchedulerKind.Fifo,
                },
                TimeAttr = s.Scheduler.TimeAttr switch
                {
                    TimeAttribute.Epoch => TimeAttr.Epoch,
                    TimeAttribute.Step => TimeAttr.Step,
                    _ => TimeAttr.Evaluation,
                },
                Grace = s.Scheduler.Grace,
                ReductionFactor = s.Scheduler.ReductionFactor,
                MaxT = s.Scheduler.MaxT ?? double.PositiveInfinity,
                MinTrials = s.Scheduler.MinTrials,
            },
            MaxTrials = s.Budget.MaxTrials,
            MaxConcurrent = s.Budget.MaxConcurrent,
            MaxTime = s.Budget.MaxTime,
            MaxFailuresPerTrial = s.Budget.MaxFailuresPerTrial,
            KeepBest = s.Checkpoints.KeepBest,
            CpuThreads = s.Resources.CpuThreads,
            CheckpointDir = file.Cluster.CheckpointDir,
            Plan = plan.Trials,
        };
    }

    /// <summary>The runtime timings of <paramref name="cluster"/>.</summary>
    public static RuntimeOptions ToRuntimeOptions(ClusterConfig cluster) =>
        new() { LeaseTtl = cluster.LeaseTtl, HeartbeatInterval = cluster.HeartbeatInterval };
}
