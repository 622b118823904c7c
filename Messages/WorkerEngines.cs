namespace SweepCluster.Messages;

/// <summary>The engine names of <see cref="RegisterWorkerRequest.Engines"/>: a trial is leased only to a worker that runs its engine.</summary>
public static class WorkerEngines
{
    /// <summary>Our CPU engine (every worker runs it).</summary>
    public const string Cpu = "cpu";

    /// <summary>The TorchSharp engine (<c>engine = torch</c>) on the CPU.</summary>
    public const string Torch = "torch";

    /// <summary>The TorchSharp engine on a GPU (<c>engine = torch</c> with <c>device = cuda</c> or <c>cuda:N</c>).</summary>
    public const string Cuda = "cuda";
}
