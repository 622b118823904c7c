using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>One attempt running on this worker: its assignment, its local paths, and the signals that end it.</summary>
internal sealed class TrialRun(TrialAssignment assignment, TrialSpec spec, int slot) : IDisposable
{
    private readonly Queue<string> _log = new();
    private volatile bool _stop;
    private volatile bool _stale;

    public TrialAssignment Assignment { get; } = assignment;

    /// <summary>The spec as this worker runs it (local checkpoint dir, resume dir, threads, GPUs).</summary>
    public TrialSpec Spec { get; } = spec;

    public int Slot { get; } = slot;

    /// <summary>The GPUs and threads the attempt holds; given back when the run is disposed (after its processes are gone).</summary>
    public SweepCluster.Training.Resources.SlotLease? Lease { get; set; }

    /// <summary>Cancelled on worker shutdown: the trainer checkpoints and returns <see cref="TrialOutcome.Cancelled"/>.</summary>
    public CancellationTokenSource Shutdown { get; } = new();

    public AttemptRef Ref => new(Assignment.TrialId, Assignment.Attempt, Assignment.FencingToken);

    /// <summary>The coordinator said stop (scheduler decision, cancellation, or a stop listed in a heartbeat).</summary>
    public bool StopRequested => _stop;

    /// <summary>The coordinator no longer holds this attempt's lease (409): nothing more is sent about it.</summary>
    public bool Stale => _stale;

    /// <summary>When <c>last/</c> was last uploaded (its newest write time).</summary>
    public DateTime LastUploadedWrite { get; set; }

    public DateTimeOffset LastUploadAt { get; set; }

    public void RequestStop() => _stop = true;

    public void MarkStale()
    {
        _stale = true;
        _stop = true;
    }

    public void Log(string line)
    {
        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 200)
            {
                _log.Dequeue();
            }
        }
    }

    /// <summary>The last lines of the attempt's log, at most 60,000 characters.</summary>
    public string LogTail()
    {
        lock (_log)
        {
            var text = string.Join('\n', _log);
            return text.Length > 60_000 ? text[^60_000..] : text;
        }
    }

    public string Body<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);

    public void Dispose()
    {
        Lease?.Dispose();
        Shutdown.Dispose();
    }
}
