using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Coordinator.Local;

/// <summary>Hands a trainer's reports to the broker; writes its log lines to the attempt's log file and keeps a tail.</summary>
internal sealed class BrokerReporter(ITrialBroker broker, TrialRef trial, string logDir, Action<TrialRef, MetricReport>? onReport) : ITrialReporter, IDisposable
{
    private const int TailLines = 20;
    private readonly Queue<string> _tail = new();
    private readonly Lock _lock = new();
    private StreamWriter? _log;

    /// <summary>The broker said this attempt is no longer current (stale or unknown): nothing more it sends counts.</summary>
    public bool Stale { get; private set; }

    /// <summary>The broker asked the attempt to stop.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>The last report the broker accepted.</summary>
    public MetricReport? Last { get; private set; }

    /// <summary>The last lines logged.</summary>
    public string Tail
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<TrialDecision> ReportAsync(MetricReport report, CancellationToken ct)
    {
        if (Stale)
        {
            return TrialDecision.Stop;
        }

        var answer = await broker.ReportAsync(trial, report, CancellationToken.None);
        switch (answer)
        {
            case BrokerAnswer.Stale or BrokerAnswer.Unknown:
                Stale = true;
                return TrialDecision.Stop;
            case BrokerAnswer.Stop:
                StopRequested = true;
                Last = report;
                onReport?.Invoke(trial, report);
                return TrialDecision.Stop;
            default:
                Last = report;
                onReport?.Invoke(trial, report);
                return StopRequested ? TrialDecision.Stop : TrialDecision.Continue;
        }
    }

    /// <summary>Marks the attempt as told to stop (by a heartbeat answer).</summary>
    public void RequestStop() => StopRequested = true;

    /// <summary>Marks the attempt stale (its lease is gone).</summary>
    public void MarkStale() => Stale = true;

    /// <inheritdoc/>
    public void Log(string line)
    {
        lock (_lock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            if (_log is null)
            {
                Directory.CreateDirectory(logDir);
                _log = new StreamWriter(Path.Combine(logDir, "train.log"), append: true) { AutoFlush = true };
            }

            _log.WriteLine(line);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}
