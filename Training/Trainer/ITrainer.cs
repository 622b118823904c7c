using SweepCluster.Messages;

namespace SweepCluster.Training.Trainer;

/// <summary>Runs one attempt of one trial. Trial failures are returned as <see cref="TrialOutcome.Failed"/>, not thrown.</summary>
public interface ITrainer
{
    /// <summary>
    /// Trains, calling <paramref name="reporter"/> after every evaluation; a <see cref="TrialDecision.Stop"/> answer or
    /// cancellation ends the attempt within one evaluation interval, after writing its <c>last/</c> checkpoint.
    /// </summary>
    Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct);
}

/// <summary>Receives a trial's reports; answers each with the scheduler's decision.</summary>
public interface ITrialReporter
{
    /// <summary>Report one evaluation; the answer says whether the trial goes on.</summary>
    ValueTask<TrialDecision> ReportAsync(MetricReport report, CancellationToken ct);

    /// <summary>A line for the trial's log (progress, warnings).</summary>
    void Log(string line);
}

/// <summary>The scheduler's answer to a report.</summary>
public enum TrialDecision
{
    /// <summary>Keep training.</summary>
    Continue,

    /// <summary>Checkpoint and stop (early stopping or cancellation).</summary>
    Stop,
}

/// <summary>How an attempt ended.</summary>
public enum TrialOutcome
{
    /// <summary>Ran to its configured end.</summary>
    Completed,

    /// <summary>Stopped because a report was answered with <see cref="TrialDecision.Stop"/>.</summary>
    Stopped,

    /// <summary>Bad parameters, a crash, a non-zero exit or a timeout; <see cref="TrialResult.Error"/> says why.</summary>
    Failed,

    /// <summary>The cancellation token fired (shutdown); resumable from <c>last/</c>.</summary>
    Cancelled,
}

/// <summary>The end of an attempt.</summary>
public sealed record TrialResult(TrialOutcome Outcome, MetricReport? LastMetrics, string? Error = null);
