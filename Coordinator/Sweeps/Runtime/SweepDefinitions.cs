using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Schedulers;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>Turns a loaded sweep file and its plan into the actor's <see cref="SweepDefinition"/>.</summary>
internal static class SweepDefinitions
{
    /// <summary>The definition of <paramref name="file"/>'s sweep over <paramref name="plan"/>.</summary>
    public static SweepDefinition From(SweepFile file, SweepPlan plan)
    {
        var s = file.Sweep;
        if (s.Scheduler.Type == SchedulerType.Pbt)
        {
            // PBT's exploit step (copy a checkpoint, change the parameters, resume) is not driven by the runtime yet:
            // refuse rather than silently run the trials with fixed settings
            throw new Hocon.ConfigException($"{file.Path ?? "sweep"}: scheduler.type = pbt is not run by this version yet (its state machine exists, the runtime does not apply its exploit step); use asha, median or hyperband");
        }

        return new SweepDefinition
        {
            Name = s.Name,
            Task = s.Task,
            Trial = s.Trial,
            Objective = s.Objective,
            Search = s.Search.Algorithm switch
            {
                SearchAlgorithm.Random => "random",
                SearchAlgorithm.Tpe => "tpe",
                _ => "grid",
            },
            Space = s.Space,
            Constraints = [.. s.Constraints.Select(c => c.Text)],
            Tpe = s.Search.Tpe,
            Seed = s.Search.Seed,
            Scheduler = new SchedulerSettings
            {
                Kind = s.Scheduler.Type switch
                {
                    SchedulerType.Asha => SchedulerKind.Asha,
                    SchedulerType.Median => SchedulerKind.Median,
                    SchedulerType.Hyperband => SchedulerKind.Hyperband,
                    SchedulerType.Pbt => SchedulerKind.Pbt,
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
                Pbt = s.Scheduler.Pbt,
            },
            MaxTrials = s.Budget.MaxTrials,
            MaxConcurrent = s.Budget.MaxConcurrent,
            MaxTime = s.Budget.MaxTime,
            MaxFailuresPerTrial = s.Budget.MaxFailuresPerTrial,
            KeepBest = s.Checkpoints.KeepBest,
            CpuThreads = s.Resources.CpuThreads,
            GpusPerTrial = s.Resources.GpusPerTrial,
            CheckpointDir = Path.GetFullPath(file.Cluster.CheckpointDir),
            Plan = plan.Trials,
        };
    }
}
