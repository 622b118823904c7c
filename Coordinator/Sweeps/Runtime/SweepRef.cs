using Akka.Actor;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>
/// The typed door to one <see cref="SweepActor"/> for code outside the actor system (the broker, the HTTP API, the
/// progress display): each call is one message and its answer. The actor runs under a backoff supervisor, so after a
/// journal failure it recovers and later calls reach the recovered actor.
/// </summary>
internal sealed class SweepRef : IAsyncDisposable
{
    private readonly IActorRef _actor;
    private readonly TimeSpan _timeout;
    private readonly TaskCompletionSource<SweepStatus> _completion;

    private SweepRef(IActorRef actor, SweepReady ready, TimeSpan timeout, TaskCompletionSource<SweepStatus> completion)
    {
        _actor = actor;
        _timeout = timeout;
        _completion = completion;
        SweepId = ready.SweepId;
        Definition = ready.Definition;
    }

    /// <summary>The sweep's id.</summary>
    public string SweepId { get; }

    /// <summary>The sweep's definition.</summary>
    public SweepDefinition Definition { get; }

    /// <summary>The actor (its backoff supervisor), for actors that talk to it directly.</summary>
    public IActorRef Actor => _actor;

    /// <summary>Completes with the sweep's final status once it is durable.</summary>
    public Task<SweepStatus> Completion => _completion.Task;

    /// <summary>Creates a new sweep for <paramref name="def"/> in <paramref name="system"/>; returns once its creation is journaled.</summary>
    public static Task<SweepRef> CreateAsync(ActorSystem system, SweepDefinition def, TimeProvider time, RuntimeOptions options, Action<int> workAvailable, CancellationToken ct) =>
        StartAsync(system, TrialIds.NewSweepId(def.Name, time.GetUtcNow()), def, time, options, workAvailable, ct);

    /// <summary>Recovers the stored sweep <paramref name="sweepId"/> from its journal.</summary>
    public static Task<SweepRef> RecoverAsync(ActorSystem system, string sweepId, TimeProvider time, RuntimeOptions options, Action<int> workAvailable, CancellationToken ct) =>
        StartAsync(system, sweepId, null, time, options, workAvailable, ct);

    private static async Task<SweepRef> StartAsync(
        ActorSystem system, string sweepId, SweepDefinition? def, TimeProvider time, RuntimeOptions options, Action<int> workAvailable, CancellationToken ct)
    {
        var completion = new TaskCompletionSource<SweepStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = new SweepActorSettings(sweepId, def, time, options, workAvailable, s => completion.TrySetResult(s));
        // a journal failure stops the actor (Akka.Persistence), an exception stops it too: either way it comes back after a
        // backoff and recovers from the journal, never in a tight loop
        var supervised = Akka.Pattern.BackoffSupervisor.Props(Akka.Pattern.Backoff.OnStop(
                SweepActor.Props(settings), "sweep", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), 0.2, -1)
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop)));
        var actor = system.ActorOf(supervised, $"sweep-{sweepId}");
        try
        {
            var ready = await actor.Ask<SweepReady>(WhenReady.Instance, options.AskTimeout, ct);
            return new SweepRef(actor, ready, options.AskTimeout, completion);
        }
        catch
        {
            await actor.GracefulStop(TimeSpan.FromSeconds(5));
            throw;
        }
    }

    /// <summary>Leases up to <paramref name="max"/> pending trials to <paramref name="workerId"/>.</summary>
    public Task<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, int max) => LeaseAsync(workerId, new LeaseCapacity(max));

    /// <summary>Leases pending trials that fit <paramref name="capacity"/> (slots, free GPUs and threads) to <paramref name="workerId"/>.</summary>
    public Task<IReadOnlyList<LeaseGrant>> LeaseAsync(string workerId, LeaseCapacity capacity) =>
        Ask<IReadOnlyList<LeaseGrant>>(new LeaseTrials(workerId, capacity));

    /// <summary>A metric report of an attempt; the answer is the scheduler's decision.</summary>
    public Task<BrokerAnswer> ReportAsync(TrialRef trial, MetricReport report) => Ask<BrokerAnswer>(new ReportMetric(trial, report));

    /// <summary>The end of an attempt.</summary>
    public Task<BrokerAnswer> ExitAsync(TrialRef trial, AttemptEnd end, MetricReport? final, string? error) =>
        Ask<BrokerAnswer>(new ExitAttempt(trial, end, final, error));

    /// <summary>Renews the leases of <paramref name="running"/>; answers those that must stop.</summary>
    public Task<IReadOnlyList<TrialRef>> HeartbeatAsync(string workerId, IReadOnlyList<TrialRef> running) =>
        Ask<IReadOnlyList<TrialRef>>(new RenewLeases(workerId, running));

    /// <summary>Expires overdue leases and enforces max_time.</summary>
    public Task TickAsync() => Ask<bool>(Tick.Instance);

    /// <summary>Cancels the sweep: pending trials are cancelled, running ones told to stop.</summary>
    public Task CancelAsync() => Ask<bool>(CancelSweep.Instance);

    /// <summary>A consistent picture of the sweep.</summary>
    public Task<SweepSnapshot> SnapshotAsync() => Ask<SweepSnapshot>(GetSweepSnapshot.Instance);

    /// <summary>Stops the actor (its journal stays).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _actor.GracefulStop(TimeSpan.FromSeconds(10));
        }
        catch (TaskCanceledException)
        {
            // already stopped
        }
    }

    private Task<T> Ask<T>(object message) => _actor.Ask<T>(message, _timeout);
}
