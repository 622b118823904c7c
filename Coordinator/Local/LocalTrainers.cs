using System.Text.Json;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Coordinator.Local;

/// <summary>Which trainer runs a task in-process.</summary>
internal static class LocalTrainers
{
    /// <summary>The training engine's catalog plus the coordinator's <c>simulated</c> task.</summary>
    public static TrainerCatalog Create(TimeProvider time)
    {
        var catalog = TrainerCatalog.Create(TransformerModelFactory.Instance, time);
        var simulated = new SimulatedTrainer(time);
        catalog.Register(SimulatedTrainer.TaskName, () => simulated, ValidateSimulated);
        return catalog;
    }

    private static IReadOnlyList<string> ValidateSimulated(JsonElement settings)
    {
        var errors = new List<string>();
        foreach (var p in settings.EnumerateObject())
        {
            var numeric = p.Name is "evaluations" or "steps_per_evaluation" or "target" or "scale" or "delay_ms";
            if (p.Name != "task" && !numeric)
            {
                errors.Add($"trial.{p.Name}: unknown key for task simulated (expected evaluations, steps_per_evaluation, target, scale, delay_ms)");
            }
            else if (numeric && p.Value.ValueKind != JsonValueKind.Number)
            {
                errors.Add($"trial.{p.Name}: expected a number");
            }
        }

        return errors;
    }
}
