using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>An input to a search method or scheduler.</summary>
internal abstract record SweepEvent;

/// <summary>A trial of the plan was created (by a <see cref="CreateTrial"/> action).</summary>
internal sealed record TrialCreated(string TrialId, PlannedTrial Point) : SweepEvent;

/// <summary>A trial reported its objective <paramref name="Value"/> (null when the metric was absent) at <paramref name="Time"/> in the scheduler's time unit.</summary>
internal sealed record MetricReported(string TrialId, double Time, double? Value) : SweepEvent;

/// <summary>A trial ended for good (Completed, Stopped, Dead or Cancelled).</summary>
internal sealed record TrialExited(string TrialId, TrialStatus Outcome) : SweepEvent;

/// <summary>An output of a search method or scheduler.</summary>
internal abstract record SweepAction;

/// <summary>Create a trial for this point of the plan.</summary>
internal sealed record CreateTrial(PlannedTrial Point) : SweepAction;

/// <summary>Stop this trial (early stopping).</summary>
internal sealed record StopTrial(string TrialId, string Reason) : SweepAction;

/// <summary>A pure state machine driven by sweep events.</summary>
internal interface ISweepPolicy
{
    /// <summary>Consumes one event; returns what to do now.</summary>
    IReadOnlyList<SweepAction> Handle(SweepEvent e);
}
