using System.Collections.Concurrent;
using SweepCluster.Coordinator.Dispatch;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// The latest lease handed out per trial over HTTP: where its checkpoints live on the coordinator and which fencing token
/// may upload them. In memory; after a coordinator restart a trial is known again from its next lease.
/// </summary>
internal sealed class LeaseBook
{
    private readonly ConcurrentDictionary<string, Entry> _byTrial = new(StringComparer.Ordinal);

    /// <summary>A granted lease: the attempt and the coordinator-side checkpoint paths.</summary>
    internal sealed record Entry(TrialRef Trial, string CheckpointDir, string? ResumeFrom);

    public void Record(LeaseGrant grant) =>
        _byTrial[grant.Trial.TrialId] = new Entry(grant.Trial, grant.Spec.CheckpointDir, grant.Spec.ResumeFrom);

    public Entry? Find(string trialId) => _byTrial.TryGetValue(trialId, out var e) ? e : null;

}
