using SweepCluster.Coordinator.Dispatch;

namespace SweepCluster.Coordinator.Api;

/// <summary>What the endpoints share: settings, the broker, the sweep runtime, the lease book, workers and counters.</summary>
internal sealed class ApiState(ApiOptions options, ITrialBroker broker, ISweepAdmin sweeps, TimeProvider time)
{
    private long _reports;
    private long _grants;

    public ApiOptions Options { get; } = options;

    public ITrialBroker Broker { get; } = broker;

    public ISweepAdmin Sweeps { get; } = sweeps;

    public TimeProvider Time { get; } = time;

    public LeaseBook Leases { get; } = new();

    public WorkerDirectory Workers { get; } = new(time, options.WorkerTimeout);

    public long ReportsTotal => Interlocked.Read(ref _reports);

    public long LeaseGrantsTotal => Interlocked.Read(ref _grants);

    public void CountReport() => Interlocked.Increment(ref _reports);

    public void CountGrants(int n) => Interlocked.Add(ref _grants, n);
}
