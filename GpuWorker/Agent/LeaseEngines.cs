namespace SweepCluster.GpuWorker.Agent;

/// <summary>The engine names a worker announces at registration (the coordinator leases a trial only to a worker that runs its engine).</summary>
internal static class LeaseEngines
{
    /// <summary>The CPU engine.</summary>
    public const string Cpu = "cpu";

    /// <summary>The TorchSharp engine on the CPU.</summary>
    public const string Torch = "torch";

    /// <summary>The TorchSharp engine on a GPU.</summary>
    public const string Cuda = "cuda";
}
