using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Cli;

/// <summary>Prints a line per evaluation and every log line; always answers <see cref="TrialDecision.Continue"/>.</summary>
internal sealed class ConsoleReporter(TextWriter output) : ITrialReporter
{
    /// <summary>Reports received.</summary>
    public int Reports { get; private set; }

    /// <inheritdoc/>
    public ValueTask<TrialDecision> ReportAsync(MetricReport report, CancellationToken ct)
    {
        Reports++;
        output.WriteLine(MetricFormat.Line(report));
        output.Flush();
        return ValueTask.FromResult(TrialDecision.Continue);
    }

    /// <inheritdoc/>
    public void Log(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
