using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary>Checks of every request's fields; each failure is a 400 problem naming the field.</summary>
internal static class Validate
{
    public const int MaxSlots = 256;
    public const int MaxMetrics = 256;
    public const int MaxErrorChars = 4096;
    public const int MaxLogTailChars = 64 * 1024;

    /// <summary>Route ids: 1–256 printable characters without slashes.</summary>
    public static ProblemResult? Id(string value, string field) =>
        value.Length is 0 or > 256 || value.Any(c => char.IsControl(c) || c is '/' or '\\')
            ? Problems.BadRequest(field, $"{field} must be 1–256 printable characters without slashes")
            : null;

    public static ProblemResult? Register(RegisterWorkerRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 128 || r.Name.Any(char.IsControl))
        {
            return Problems.BadRequest("$.name", "name must be 1–128 printable characters");
        }

        if (r.Slots is < 1 or > MaxSlots)
        {
            return Problems.BadRequest("$.slots", $"slots must be between 1 and {MaxSlots}");
        }

        if (r.CpuThreads is < 1 or > 4096)
        {
            return Problems.BadRequest("$.cpuThreads", "cpuThreads must be between 1 and 4096");
        }

        for (var i = 0; i < r.Gpus.Count; i++)
        {
            var g = r.Gpus[i];
            if (g is null || g.Index < 0 || g.MemoryMiB < 0 || g.Name is null || g.Name.Length > 256)
            {
                return Problems.BadRequest($"$.gpus[{i}]", "a GPU needs a non-negative index and memory and a name of at most 256 characters");
            }
        }

        if (r.Labels.Count > 64 || r.Labels.Any(kv => kv.Key.Length is 0 or > 128 || kv.Value is null || kv.Value.Length > 256))
        {
            return Problems.BadRequest("$.labels", "at most 64 labels, keys of 1–128 and values of at most 256 characters");
        }

        return r.Version is { Length: > 64 } ? Problems.BadRequest("$.version", "version must be at most 64 characters") : null;
    }

    public static ProblemResult? Lease(LeaseRequest r)
    {
        if (r.FreeSlots is < 1 or > MaxSlots)
        {
            return Problems.BadRequest("$.freeSlots", $"freeSlots must be between 1 and {MaxSlots}");
        }

        foreach (var (value, field) in new[] { (r.FreeGpus, "freeGpus"), (r.FreeCpuThreads, "freeCpuThreads"), (r.CpuThreads, "cpuThreads") })
        {
            if (value is < 0 or > 65_536)
            {
                return Problems.BadRequest("$." + field, $"{field} must be between 0 and 65536 when given");
            }
        }

        return double.IsFinite(r.WaitSeconds) && r.WaitSeconds is >= 0 and <= 30
            ? null
            : Problems.BadRequest("$.waitSeconds", "waitSeconds must be between 0 and 30");
    }

    public static ProblemResult? Attempt(int attempt, long fencingToken)
    {
        if (attempt < 1)
        {
            return Problems.BadRequest("$.attempt", "attempt must be at least 1");
        }

        return fencingToken < 0 ? Problems.BadRequest("$.fencingToken", "fencingToken must not be negative") : null;
    }

    public static ProblemResult? Metrics(MetricReport? m, string field, bool required)
    {
        if (m is null)
        {
            return required ? Problems.BadRequest(field, $"{field} is required") : null;
        }

        if (m.Values is null)
        {
            return Problems.BadRequest(field + ".values", $"{field}.values is required (a map of metric names to numbers)");
        }

        if (m.Step < 0)
        {
            return Problems.BadRequest(field + ".step", "step must not be negative");
        }

        if (m.Values.Count > MaxMetrics)
        {
            return Problems.BadRequest(field + ".values", $"at most {MaxMetrics} metrics");
        }

        foreach (var (k, v) in m.Values)
        {
            if (k.Length is 0 or > 128 || k.Any(char.IsControl))
            {
                return Problems.BadRequest(field + ".values", "metric names must be 1–128 printable characters");
            }

            if (!double.IsFinite(v))
            {
                return Problems.BadRequest($"{field}.values.{k}", "metric values must be finite");
            }
        }

        return null;
    }

    public static ProblemResult? Fail(FailRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Error) || r.Error.Length > MaxErrorChars)
        {
            return Problems.BadRequest("$.error", $"error must be 1–{MaxErrorChars} characters");
        }

        return r.LogTail is { Length: > MaxLogTailChars } ? Problems.BadRequest("$.logTail", $"logTail must be at most {MaxLogTailChars} characters") : null;
    }

    public static ProblemResult? Heartbeat(HeartbeatRequest r)
    {
        if (r.Running.Count > MaxSlots * 4)
        {
            return Problems.BadRequest("$.running", "too many running attempts");
        }

        for (var i = 0; i < r.Running.Count; i++)
        {
            var a = r.Running[i];
            if (a is null || Id(a.TrialId ?? "", "trialId") is not null || a.Attempt < 1 || a.FencingToken < 0)
            {
                return Problems.BadRequest($"$.running[{i}]", "each running attempt needs a trialId, an attempt ≥ 1 and a fencingToken ≥ 0");
            }
        }

        return null;
    }
}
