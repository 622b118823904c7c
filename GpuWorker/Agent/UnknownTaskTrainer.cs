using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>Fails a trial whose task this worker does not have (a newer coordinator, or a typo that escaped validation).</summary>
internal sealed class UnknownTaskTrainer(IReadOnlyList<string> known) : ITrainer
{
    public Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct) =>
        Task.FromResult(new TrialResult(TrialOutcome.Failed, null, $"trial.task: this worker has no task '{spec.Task}' (known: {string.Join(", ", known)})"));
}
