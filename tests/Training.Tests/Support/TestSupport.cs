using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Support;

/// <summary>A clock that moves only when told.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(_ticks);

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}

/// <summary>Records reports; answers Stop from report number <see cref="StopAt"/> (1-based) on, or runs an action.</summary>
internal sealed class RecordingReporter : ITrialReporter
{
    public List<MetricReport> Reports { get; } = [];

    public List<string> Lines { get; } = [];

    public int StopAt { get; init; } = int.MaxValue;

    public Action<int>? OnReport { get; init; }

    public ValueTask<TrialDecision> ReportAsync(MetricReport report, CancellationToken ct)
    {
        Reports.Add(report);
        OnReport?.Invoke(Reports.Count);
        return ValueTask.FromResult(Reports.Count >= StopAt ? TrialDecision.Stop : TrialDecision.Continue);
    }

    public void Log(string line) => Lines.Add(line);
}

/// <summary>A fresh directory under the temp folder, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sweep-tasks-" + Guid.NewGuid().ToString("N"));

    public string File(string name, string content)
    {
        string p = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(p, content);
        return p;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
