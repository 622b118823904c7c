namespace SweepCluster.Messages;

/// <summary><c>POST /api/v1/workers</c>: a worker announces itself (again after a coordinator restart).</summary>
public sealed record RegisterWorkerRequest
{
    /// <summary>Wire protocol version; must equal <see cref="ProtocolVersion.Current"/>.</summary>
    public int Protocol { get; init; }

    /// <summary>Human-readable worker name (host name by default); 1–128 characters.</summary>
    public string Name { get; init; } = "";

    /// <summary>How many trials the worker runs at once (1–256).</summary>
    public int Slots { get; init; }

    /// <summary>GPUs found on the worker (empty on a CPU-only node).</summary>
    public IReadOnlyList<GpuDescriptor> Gpus { get; init; } = [];

    /// <summary>Engine threads the worker gives each CPU slot.</summary>
    public int CpuThreads { get; init; } = 1;

    /// <summary>Free-form labels (zone, machine type).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The worker's software version.</summary>
    public string Version { get; init; } = "";

    /// <summary>
    /// The training engines this worker can run: <c>cpu</c>, <c>torch</c> when the TorchSharp engine loads, and <c>cuda</c>
    /// when it can also use a GPU. A worker that leaves it out runs <c>cpu</c> trials only.
    /// </summary>
    public IReadOnlyList<string> Engines { get; init; } = [WorkerEngines.Cpu];
}
