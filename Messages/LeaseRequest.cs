namespace SweepCluster.Messages;

/// <summary><c>POST /api/v1/workers/{id}/lease</c>: a long poll for work on the worker's free slots.</summary>
public sealed record LeaseRequest
{
    /// <summary>Wire protocol version; must equal <see cref="ProtocolVersion.Current"/>.</summary>
    public int Protocol { get; init; }

    /// <summary>Free slots (1–256): the most assignments the answer may carry.</summary>
    public int FreeSlots { get; init; }

    /// <summary>GPUs of the worker not held by a running trial (null: not tracked; GPU trials are not limited by it).</summary>
    public int? FreeGpus { get; init; }

    /// <summary>CPU threads of the worker not held by a running trial (null: not tracked).</summary>
    public int? FreeCpuThreads { get; init; }

    /// <summary>All CPU threads of the worker; a trial asking for more is given them all (null: not tracked).</summary>
    public int? CpuThreads { get; init; }

    /// <summary>How long the coordinator may hold the request open waiting for work (0–30 s).</summary>
    public double WaitSeconds { get; init; } = 30;
}
