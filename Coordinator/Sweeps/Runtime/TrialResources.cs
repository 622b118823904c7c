using System.Text.Json;
using SweepCluster.Training.Resources;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>
/// What one trial needs from a worker: the sweep's <c>resources { }</c>, overridden by a <c>resources</c> object in the
/// trial's own merged settings (e.g. a swept <c>resources.gpus_per_trial</c>).
/// </summary>
internal static class TrialResources
{
    /// <summary>The needs of a trial whose merged settings are <paramref name="settings"/>.</summary>
    public static ResourceRequest Of(SweepDefinition def, JsonElement settings)
    {
        var sweep = new ResourceRequest { GpusPerTrial = def.GpusPerTrial, CpuThreads = def.CpuThreads };
        try
        {
            return ResourceRequest.FromSettings(settings, sweep);
        }
        catch (FormatException)
        {
            return sweep; // reported at plan time by the task's validation
        }
    }

    /// <summary>Whether any trial of the sweep may override the sweep's resources (otherwise every trial needs the same).</summary>
    public static bool VaryPerTrial(SweepDefinition def) =>
        (def.Trial.ValueKind == JsonValueKind.Object && def.Trial.TryGetProperty("resources", out _))
        || def.Plan.Any(p => p.Parameters.Keys.Any(k => k.StartsWith("resources.", StringComparison.Ordinal)));
}
