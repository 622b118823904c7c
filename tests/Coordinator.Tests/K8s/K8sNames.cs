namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>Names the manifests under <c>k8s/</c> agree on.</summary>
internal static class K8sNames
{
    /// <summary>The coordinator's Deployment, Service and container-name prefix.</summary>
    public const string Coordinator = "sweepcluster-coordinator";

    /// <summary>The GpuWorker Deployment.</summary>
    public const string Worker = "sweepcluster-worker";

    /// <summary>The coordinator's container.</summary>
    public const string CoordinatorContainer = "coordinator";

    /// <summary>The worker's container.</summary>
    public const string WorkerContainer = "worker";
}
