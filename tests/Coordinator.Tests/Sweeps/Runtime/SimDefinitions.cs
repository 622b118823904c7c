using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Runtime;

internal static class SimDefinitions
{
    /// <summary>A sweep over points with quality q (lower is better); the scripted curve is q + 1/evaluation.</summary>
    public static SweepDefinition Quality(string dir, double[] q, SchedulerSettings? scheduler = null, string search = "grid") => new()
    {
        Name = "sim",
        Task = "scripted",
        Trial = JsonSerializer.SerializeToElement(new { evaluations = 4 }),
        Objective = new ObjectiveSpec("val_loss", ObjectiveMode.Min),
        Search = search,
        Seed = 11,
        Scheduler = scheduler ?? new SchedulerSettings(),
        CheckpointDir = dir,
        Plan = [.. q.Select((v, i) => new PlannedTrial(i, $"q={v}", new Dictionary<string, JsonElement> { ["q"] = JsonSerializer.SerializeToElement(v) }))],
    };

    public static double Curve(TrialSpec spec, int evaluation) =>
        spec.Settings.GetProperty("q").GetDouble() + (1.0 / evaluation);
}
