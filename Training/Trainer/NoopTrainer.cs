using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Task <c>noop</c>: reports once (step 0, <c>val_loss</c> = the optional <c>value</c> setting, default 0) and completes.
/// For dispatch benchmarks and wiring tests.
/// </summary>
internal sealed class NoopTrainer : ITrainer
{
    /// <summary>Errors of a noop trial's settings.</summary>
    public static IReadOnlyList<string> Validate(JsonElement settings) => Read(settings, out _);

    /// <inheritdoc/>
    public async Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct)
    {
        IReadOnlyList<string> errors = Read(spec.Settings, out double value);
        if (errors.Count > 0)
        {
            return new TrialResult(TrialOutcome.Failed, null, string.Join("; ", errors));
        }

        if (ct.IsCancellationRequested)
        {
            return new TrialResult(TrialOutcome.Cancelled, null);
        }

        var report = new MetricReport(0, new Dictionary<string, double> { ["step"] = 0, ["val_loss"] = value });
        TrialDecision decision = await reporter.ReportAsync(report, ct).ConfigureAwait(false);
        return new TrialResult(decision == TrialDecision.Stop ? TrialOutcome.Stopped : TrialOutcome.Completed, report);
    }

    private static List<string> Read(JsonElement settings, out double value)
    {
        var errors = new List<string>();
        var r = new SettingsReader(settings, "trial", errors);
        r.Allow(EngineSettingsParser.TrialKeys);
        value = r.Double("value", 0);
        r.RejectUnknown();
        return errors;
    }
}
