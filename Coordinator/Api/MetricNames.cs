namespace SweepCluster.Coordinator.Api;

/// <summary>Every metric name exported at <c>/api/v1/metrics</c> (Prometheus text format).</summary>
internal static class MetricNames
{
    /// <summary>Gauge: trials per sweep and state, labels <c>sweep</c> and <c>state</c>.</summary>
    public const string Trials = "sweepcluster_trials";

    /// <summary>Gauge: workers heard from recently.</summary>
    public const string Workers = "sweepcluster_workers";

    /// <summary>Counter: leases that expired without renewal.</summary>
    public const string LeasesExpiredTotal = "sweepcluster_leases_expired_total";

    /// <summary>Counter: leases granted over HTTP.</summary>
    public const string LeaseGrantsTotal = "sweepcluster_lease_grants_total";

    /// <summary>Counter: metric reports received over HTTP.</summary>
    public const string ReportsTotal = "sweepcluster_reports_total";

    /// <summary>All of them, for tests and dashboards.</summary>
    public static readonly IReadOnlyList<string> All = [Trials, Workers, LeasesExpiredTotal, LeaseGrantsTotal, ReportsTotal];
}
