using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;

namespace SweepCluster.GpuWorker.Tests.Agent;

/// <summary>An in-memory broker for agent tests: offered trials are leased once; answers per step are scripted.</summary>
internal sealed class TestBroker : ITrialBroker
{
    private readonly Channel<LeaseGrant> _grants = Channel.CreateUnbounded<LeaseGrant>();

    public ConcurrentQueue<(string Trial, long Step)> Reports { get; } = new();

    public ConcurrentQueue<(string Trial, bool Stopped)> Completions { get; } = new();

    public ConcurrentQueue<(string Trial, string Error, bool Interrupted)> Failures { get; } = new();

    /// <summary>Answer for a report at a step (default Continue).</summary>
    public Func<long, BrokerAnswer> AnswerAt { get; set; } = _ => BrokerAnswer.Continue;

    /// <summary>Completed or failed: the trial id.</summary>
    public TaskCompletionSource<string> Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Offer(string id, string coordinatorDir, int attempt = 1, string? resumeFrom = null) => _grants.Writer.TryWrite(new LeaseGrant(
        new TrialRef(id, attempt, 100 + attempt),
        new TrialSpec
        {
            TrialId = id,
            Task = "scripted",
            Attempt = attempt,
            Settings = JsonDocument.Parse("{}").RootElement.Clone(),
            CheckpointDir = coordinatorDir,
            ResumeFrom = resumeFrom,
        },
        new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)));

    public ValueTask<WorkerRegistration> RegisterAsync(WorkerInfo worker, CancellationToken ct) =>
        ValueTask.FromResult(new WorkerRegistration("w1", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60)));

    public async ValueTask<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, int freeSlots, TimeSpan wait, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(wait);
        try
        {
            return [await _grants.Reader.ReadAsync(cts.Token)];
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return [];
        }
    }

    public ValueTask<BrokerAnswer> ReportAsync(TrialRef trial, MetricReport report, CancellationToken ct)
    {
        if (trial.FencingToken != 100 + trial.Attempt)
        {
            return ValueTask.FromResult(BrokerAnswer.Stale);
        }

        Reports.Enqueue((trial.TrialId, report.Step));
        return ValueTask.FromResult(AnswerAt(report.Step));
    }

    public ValueTask<BrokerAnswer> CompleteAsync(TrialRef trial, MetricReport? final, bool stopped, CancellationToken ct)
    {
        Completions.Enqueue((trial.TrialId, stopped));
        Finished.TrySetResult(trial.TrialId);
        return ValueTask.FromResult(BrokerAnswer.Continue);
    }

    public ValueTask<BrokerAnswer> FailAsync(TrialRef trial, string error, string? logTail, bool interrupted, CancellationToken ct)
    {
        Failures.Enqueue((trial.TrialId, error, interrupted));
        Finished.TrySetResult(trial.TrialId);
        return ValueTask.FromResult(BrokerAnswer.Continue);
    }

    public ValueTask<HeartbeatAnswer> HeartbeatAsync(string workerId, IReadOnlyList<TrialRef> running, CancellationToken ct) =>
        ValueTask.FromResult(new HeartbeatAnswer([]));
}
