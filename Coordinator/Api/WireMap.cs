using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary>Conversions between wire records and the broker's types, and broker answers to HTTP results.</summary>
internal static class WireMap
{
    public static WorkerInfo ToInfo(RegisterWorkerRequest r) => new(
        r.Name,
        r.Slots,
        [.. r.Gpus.Select(g => new GpuInfo(g.Index, g.Name, g.MemoryMiB))],
        r.CpuThreads,
        r.Labels,
        r.Version)
    {
        Engines = [.. r.Engines.Select(e => e.Trim().ToLowerInvariant()).Where(e => e.Length > 0).Distinct()],
    };

    public static AttemptRef ToWire(TrialRef t) => new(t.TrialId, t.Attempt, t.FencingToken);

    public static TrialRef ToRef(AttemptRef a) => new(a.TrialId, a.Attempt, a.FencingToken);

    public static TrialAssignment ToAssignment(LeaseGrant g, ApiOptions options) => new()
    {
        TrialId = g.Trial.TrialId,
        Attempt = g.Trial.Attempt,
        FencingToken = g.Trial.FencingToken,
        Spec = g.Spec,
        LeaseExpiresAt = g.ExpiresAt,
        SharedCheckpoints = options.SharedCheckpoints,
        ResumeUrl = !options.SharedCheckpoints && g.Spec.ResumeFrom is { } r && Directory.Exists(r)
            ? $"trials/{Uri.EscapeDataString(g.Trial.TrialId)}/checkpoints/last"
            : null,
    };

    /// <summary>200 continue/stop/duplicate, 409 stale, 404 unknown.</summary>
    public static IResult Answer(BrokerAnswer answer, string trialId) => answer switch
    {
        BrokerAnswer.Continue => Json(new DecisionResponse(WireDecision.Continue, false)),
        BrokerAnswer.Stop => Json(new DecisionResponse(WireDecision.Stop, false)),
        BrokerAnswer.Duplicate => Json(new DecisionResponse(WireDecision.Continue, true)),
        BrokerAnswer.Stale => Problems.Conflict("$.fencingToken", $"attempt or fencing token of trial {trialId} is not the current lease; stop this attempt"),
        _ => Problems.NotFound("id", $"no trial {trialId}"),
    };

    public static IResult Json(DecisionResponse r) => Results.Json(r, WireJsonContext.Default.DecisionResponse);
}
