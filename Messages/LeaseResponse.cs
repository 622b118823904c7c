namespace SweepCluster.Messages;

/// <summary>Answer to a lease poll that found work (an empty poll is answered 204 without a body).</summary>
public sealed record LeaseResponse(IReadOnlyList<TrialAssignment> Assignments);
