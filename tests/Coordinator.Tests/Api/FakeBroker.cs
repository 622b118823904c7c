using System.Collections.Concurrent;
using System.Threading.Channels;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>A scripted broker: grants come from a channel; reports are answered by <see cref="NextAnswer"/> and recorded.</summary>
internal sealed class FakeBroker : ITrialBroker
{
    private readonly Channel<LeaseGrant> _grants = Channel.CreateUnbounded<LeaseGrant>();

    public ConcurrentQueue<(TrialRef Trial, MetricReport Report)> Reports { get; } = new();

    public ConcurrentQueue<(TrialRef Trial, bool Stopped)> Completions { get; } = new();

    public ConcurrentQueue<(TrialRef Trial, string Error, bool Interrupted)> Failures { get; } = new();

    public ConcurrentQueue<WorkerInfo> Registered { get; } = new();

    public BrokerAnswer NextAnswer { get; set; } = BrokerAnswer.Continue;

    public IReadOnlyList<TrialRef> StopOnHeartbeat { get; set; } = [];

    /// <summary>Set when a lease poll is waiting inside the broker.</summary>
    public TaskCompletionSource PollWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when a waiting lease poll was cancelled.</summary>
    public TaskCompletionSource PollCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Calls => Reports.Count + Completions.Count + Failures.Count;

    public void Offer(LeaseGrant grant) => _grants.Writer.TryWrite(grant);

    public ValueTask<WorkerRegistration> RegisterAsync(WorkerInfo worker, CancellationToken ct)
    {
        Registered.Enqueue(worker);
        return ValueTask.FromResult(new WorkerRegistration("w-" + worker.Name, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60)));
    }

    public async ValueTask<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, int freeSlots, TimeSpan wait, CancellationToken ct)
    {
        var list = new List<LeaseGrant>();
        while (list.Count < freeSlots && _grants.Reader.TryRead(out var g))
        {
            list.Add(g);
        }

        if (list.Count > 0 || wait <= TimeSpan.Zero)
        {
            return list;
        }

        PollWaiting.TrySetResult();
        try
        {
            return [await _grants.Reader.ReadAsync(ct)];
        }
        catch (OperationCanceledException)
        {
            PollCancelled.TrySetResult();
            throw;
        }
    }

    public ValueTask<BrokerAnswer> ReportAsync(TrialRef trial, MetricReport report, CancellationToken ct)
    {
        Reports.Enqueue((trial, report));
        return ValueTask.FromResult(NextAnswer);
    }

    public ValueTask<BrokerAnswer> CompleteAsync(TrialRef trial, MetricReport? final, bool stopped, CancellationToken ct)
    {
        Completions.Enqueue((trial, stopped));
        return ValueTask.FromResult(NextAnswer);
    }

    public ValueTask<BrokerAnswer> FailAsync(TrialRef trial, string error, string? logTail, bool interrupted, CancellationToken ct)
    {
        Failures.Enqueue((trial, error, interrupted));
        return ValueTask.FromResult(NextAnswer);
    }

    public ValueTask<HeartbeatAnswer> HeartbeatAsync(string workerId, IReadOnlyList<TrialRef> running, CancellationToken ct) =>
        ValueTask.FromResult(new HeartbeatAnswer([.. StopOnHeartbeat]));
}
