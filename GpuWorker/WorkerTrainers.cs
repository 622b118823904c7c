using SweepCluster.Messages;
using SweepCluster.Training.Torch;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker;

/// <summary>The worker's trainers: the built-in tasks on the CPU engine, and <c>engine = torch</c> on TorchSharp.</summary>
internal static class WorkerTrainers
{
    /// <summary>Every built-in task; engine tasks train on either engine (torch trials are refused where LibTorch cannot load).</summary>
    public static TrainerCatalog Create(TimeProvider time) =>
        TrainerCatalog.Create(TransformerModelFactory.Instance, time, TorchModels.Instance);

    /// <summary>The model factory of engine <paramref name="engine"/> (cpu | torch).</summary>
    public static ITaskModelFactory Models(string engine) =>
        engine == "torch" ? TorchModels.Instance : TransformerModelFactory.Instance;

    /// <summary>What this worker can run, for its registration (see <see cref="TorchProbe"/>).</summary>
    public static TorchCapability Capability => TorchProbe.Current;

    /// <summary>The engines this process announces at registration: cpu always, torch when LibTorch loads, cuda when it sees a GPU.</summary>
    public static IReadOnlyList<string> Engines(TorchCapability c) =>
        [WorkerEngines.Cpu, .. c.TorchUsable ? [WorkerEngines.Torch] : Array.Empty<string>(), .. c.TorchUsable && c.CudaUsable ? [WorkerEngines.Cuda] : Array.Empty<string>()];
}
