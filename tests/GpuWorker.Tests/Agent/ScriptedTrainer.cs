using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Tests.Agent;

/// <summary>
/// Reports steps 1..<see cref="Steps"/>, writing <c>last/step</c> and <c>best/step</c> before each report; stops when told;
/// on cancellation writes <c>last/</c> and returns Cancelled. <see cref="BeforeReport"/> lets a test act between evaluations.
/// </summary>
internal sealed class ScriptedTrainer : ITrainer
{
    public int Steps { get; init; } = 3;

    public Func<long, CancellationToken, Task> BeforeReport { get; init; } = (_, _) => Task.CompletedTask;

    public TaskCompletionSource<TrialResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? ResumedStep { get; private set; }

    public async Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct)
    {
        if (spec.ResumeFrom is not null)
        {
            ResumedStep = await File.ReadAllTextAsync(Path.Combine(spec.ResumeFrom, "step"), ct);
        }

        MetricReport? last = null;
        for (var step = 1L; step <= Steps; step++)
        {
            Write(spec, "last", step);
            Write(spec, "best", step);
            try
            {
                await BeforeReport(step, ct);
            }
            catch (OperationCanceledException)
            {
                return Finish(new TrialResult(TrialOutcome.Cancelled, last));
            }

            last = new MetricReport(step, new Dictionary<string, double> { ["val_loss"] = 1.0 / step });
            if (await reporter.ReportAsync(last, CancellationToken.None) == TrialDecision.Stop)
            {
                return Finish(new TrialResult(TrialOutcome.Stopped, last));
            }
        }

        return Finish(new TrialResult(TrialOutcome.Completed, last));
    }

    private TrialResult Finish(TrialResult r)
    {
        Done.TrySetResult(r);
        return r;
    }

    private static void Write(TrialSpec spec, string kind, long step)
    {
        var dir = Path.Combine(spec.CheckpointDir, kind);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "step"), step.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
