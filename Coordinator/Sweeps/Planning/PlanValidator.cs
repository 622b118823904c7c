using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Coordinator.Sweeps.Planning;

/// <summary>Checks, before anything runs, that the engine trainer accepts every planned trial's merged settings.</summary>
internal static class PlanValidator
{
    /// <summary>At most this many rejected trials are listed.</summary>
    public const int MaxListed = 5;

    /// <summary>Throws a <see cref="ConfigException"/> listing the first rejected trials; other tasks validate their own settings.</summary>
    public static void EnsureValid(SweepConfig sweep, SweepPlan plan, string fileName)
    {
        if (!TrialSettingsBinder.EngineTasks.Contains(sweep.Task))
        {
            return;
        }

        var rejected = new List<string>();
        var count = 0;
        foreach (var trial in plan.Trials)
        {
            var errors = EngineSettingsParser.Validate(TrialSpecFactory.Merge(sweep.Trial, trial.Parameters));
            if (errors.Count == 0)
            {
                continue;
            }

            count++;
            if (rejected.Count < MaxListed)
            {
                var point = string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={p.Value}"));
                rejected.Add($"  trial {trial.Index} ({point}): {string.Join("; ", errors).Replace("trial.", "sweep.trial.", StringComparison.Ordinal)}");
            }
        }

        if (count > 0)
        {
            var more = count > rejected.Count ? $"\n  ... and {count - rejected.Count} more" : "";
            throw new ConfigException($"{fileName}: the {sweep.Task} trainer rejects {count} of {plan.Total} planned trials:\n{string.Join('\n', rejected)}{more}");
        }
    }
}
