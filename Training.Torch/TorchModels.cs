using SweepCluster.Training.Tasks;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Torch;

/// <summary>
/// The torch engine as <see cref="TrainerCatalog"/> takes it: <c>engine = torch</c> models on the device the trial's
/// <c>device</c> setting resolves to. A process that ships Training.Torch builds its catalog with
/// <c>TrainerCatalog.Create(TransformerModelFactory.Instance, time, TorchModels.Instance)</c>.
/// </summary>
internal sealed class TorchModels : IEngineModels
{
    /// <summary>The shared instance (probes LibTorch on first use).</summary>
    public static TorchModels Instance { get; } = new();

    /// <inheritdoc/>
    public string Engine => "torch";

    /// <inheritdoc/>
    public string? Unavailable(EngineSettings settings)
    {
        TorchCapability cap = TorchProbe.Current;
        if (cap.Problem is not null)
        {
            return cap.Problem;
        }

        return settings.Device.StartsWith("cuda", StringComparison.Ordinal) && !cap.CudaUsable
            ? $"device {settings.Device} needs CUDA, which this process cannot use ({cap.Backend} build of LibTorch, {cap.CudaDevices} CUDA devices); use device = auto or cpu"
            : null;
    }

    /// <inheritdoc/>
    public ITaskModel Create(ModelRequest request)
    {
        TorchProbe.EnsureUsable();
        TorchCapability cap = TorchProbe.Current;
        string device = TorchDevices.Resolve(
            request.Settings.Device, request.Gpus, Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES"), cap.CudaDevices);
        return new TorchTaskModel(request, device);
    }
}
