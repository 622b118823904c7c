using System.Text.Json;

namespace SweepCluster.Training.Resources;

/// <summary>What one attempt needs from a worker: the <c>resources { }</c> block of a sweep.</summary>
internal sealed record ResourceRequest
{
    /// <summary>GPUs given to the attempt, all on one worker (0 = a CPU trial).</summary>
    public int GpusPerTrial { get; init; }

    /// <summary>CPU threads reserved for the attempt.</summary>
    public int CpuThreads { get; init; } = 1;

    /// <summary>A CPU trial on one thread.</summary>
    public static ResourceRequest Default { get; } = new();

    /// <summary>
    /// Reads a <c>resources { gpus_per_trial, cpu_threads }</c> object; <paramref name="path"/> names it in errors.
    /// Throws <see cref="FormatException"/> naming the key at fault. Keys it leaves out keep <paramref name="defaults"/>.
    /// </summary>
    public static ResourceRequest FromJson(JsonElement resources, string path = "resources", ResourceRequest? defaults = null)
    {
        if (resources.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
            return defaults ?? Default;
        if (resources.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{path}: expected an object with gpus_per_trial and/or cpu_threads");
        var request = defaults ?? Default;
        foreach (var property in resources.EnumerateObject())
        {
            var key = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "gpus_per_trial":
                    request = request with { GpusPerTrial = ReadCount(property.Value, key, 0) };
                    break;
                case "cpu_threads":
                    request = request with { CpuThreads = ReadCount(property.Value, key, 1) };
                    break;
                default:
                    throw new FormatException($"{key}: unknown resource (expected gpus_per_trial or cpu_threads)");
            }
        }

        return request;
    }

    /// <summary>
    /// Reads <c>resources</c> from a trial's merged settings object (a per-trial override, e.g. a swept
    /// <c>resources.gpus_per_trial</c>), if it has one; keys it leaves out keep <paramref name="defaults"/> (the sweep's).
    /// </summary>
    public static ResourceRequest FromSettings(JsonElement settings, ResourceRequest? defaults = null) =>
        settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty("resources", out var resources)
            ? FromJson(resources, "trial.resources", defaults)
            : defaults ?? Default;

    private static int ReadCount(JsonElement value, string key, int minimum)
    {
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt32(out var n) ? n : (int?)null,
            JsonValueKind.String => int.TryParse(value.GetString(), out var s) ? s : null,
            _ => null,
        };
        if (ok is not { } count || count < minimum)
            throw new FormatException($"{key}: expected a whole number >= {minimum}, got {value.GetRawText()}");
        return count;
    }
}
