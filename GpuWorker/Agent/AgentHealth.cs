namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// The agent's health as the optional health endpoint reports it (<see cref="AgentHealthServer"/>). Live: the registration
/// and heartbeat loops made progress within <see cref="Intervals"/> heartbeat intervals (plus one request timeout), or
/// the agent is draining. Ready: registered with the coordinator and not draining. Times come from the injected clock.
/// </summary>
internal sealed class AgentHealth
{
    /// <summary>Heartbeat intervals (or retry delays before registration) without progress after which the agent is wedged.</summary>
    public const int Intervals = 3;

    private readonly TimeProvider _time;
    private readonly TimeSpan _slack;
    private readonly Lock _lock = new();
    private DateTimeOffset _progress;
    private TimeSpan _interval;
    private bool _registered;
    private bool _draining;

    /// <param name="time">the agent's clock</param>
    /// <param name="retryMax">longest retry delay before the first registration (the agent's backoff maximum)</param>
    /// <param name="slack">longest a loop may wait for one coordinator request</param>
    public AgentHealth(TimeProvider time, TimeSpan retryMax, TimeSpan slack)
    {
        _time = time;
        _slack = slack;
        _interval = retryMax;
        _progress = time.GetUtcNow();
    }

    /// <summary>A registration attempt or heartbeat-loop round began.</summary>
    public void Progress()
    {
        lock (_lock)
        {
            _progress = _time.GetUtcNow();
        }
    }

    /// <summary>The coordinator accepted the registration; heartbeats follow every <paramref name="heartbeat"/>.</summary>
    public void Registered(TimeSpan heartbeat)
    {
        lock (_lock)
        {
            _registered = true;
            _interval = heartbeat;
            _progress = _time.GetUtcNow();
        }
    }

    /// <summary>The coordinator forgot this worker (it restarted); the agent registers again.</summary>
    public void Unregistered()
    {
        lock (_lock)
        {
            _registered = false;
        }
    }

    /// <summary>Shutdown began: no new leases; running trials are handed back within the grace period.</summary>
    public void Draining()
    {
        lock (_lock)
        {
            _draining = true;
        }
    }

    /// <summary>The state now.</summary>
    public AgentHealthReport Report()
    {
        lock (_lock)
        {
            var since = _time.GetUtcNow() - _progress;
            var limit = (Intervals * _interval) + _slack;
            var live = _draining || since <= limit;
            var ready = _registered && !_draining;
            var status = _draining ? "draining" : !live ? "wedged" : ready ? "ok" : "registering";
            return new AgentHealthReport(live, ready, status, Math.Max(0, since.TotalSeconds), limit.TotalSeconds);
        }
    }
}
