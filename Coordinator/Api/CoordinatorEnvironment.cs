namespace SweepCluster.Coordinator.Api;

/// <summary>The environment variables <c>serve</c> reads (each overridden by the sweep file's <c>cluster</c> block or an option).</summary>
internal static class CoordinatorEnvironment
{
    /// <summary>Bearer token workers present (<c>cluster.worker_token</c>).</summary>
    public const string WorkerToken = "SWEEP_WORKER_TOKEN";

    /// <summary>Bearer token for administration (<c>cluster.admin_token</c>).</summary>
    public const string AdminToken = "SWEEP_ADMIN_TOKEN";

    /// <summary>Listen URL (<c>--listen</c>, <c>cluster.listen</c>).</summary>
    public const string Listen = "SWEEP_LISTEN";

    /// <summary>Store (<c>--storage</c>, <c>cluster.storage</c>).</summary>
    public const string Storage = "SWEEP_STORAGE";

    /// <summary>Every variable above.</summary>
    public static readonly IReadOnlyList<string> All = [WorkerToken, AdminToken, Listen, Storage];
}
