using System.Globalization;

namespace SweepCluster.Training.Torch;

/// <summary>Resolves the <c>device</c> setting (auto | cpu | cuda | cuda:N) to a LibTorch device string.</summary>
internal static class TorchDevices
{
    /// <summary>
    /// The device for a trial: <c>auto</c> is the trial's first GPU (<paramref name="gpus"/>, physical indices, mapped to
    /// the CUDA ordinal through this process's <paramref name="cudaVisible"/> list) when CUDA is usable, else the CPU;
    /// <c>cuda</c> is that GPU or cuda:0. A CUDA device that is not usable is an <see cref="ArgumentException"/> naming
    /// <c>trial.device</c>. Training uses one device: a trial with several GPUs computes on the first.
    /// </summary>
    public static string Resolve(string device, IReadOnlyList<int> gpus, string? cudaVisible, int cudaCount)
    {
        if (device == "cpu" || (device == "auto" && (cudaCount == 0 || gpus.Count == 0)))
        {
            return "cpu";
        }

        if (cudaCount == 0)
        {
            throw new ArgumentException($"trial.device: {device} needs CUDA, which is not usable in this process (a CPU build of the torch engine, or no GPU); use device = auto or cpu");
        }

        int ordinal = device.StartsWith("cuda:", StringComparison.Ordinal)
            ? int.Parse(device.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture)
            : gpus.Count > 0 ? Ordinal(gpus[0], cudaVisible) : 0;
        if (ordinal >= cudaCount)
        {
            throw new ArgumentException($"trial.device: {device} resolves to cuda:{ordinal}, but this process sees {cudaCount} CUDA device(s)");
        }

        return $"cuda:{ordinal}";
    }

    /// <summary>The CUDA ordinal of physical GPU <paramref name="gpu"/> given the process's CUDA_VISIBLE_DEVICES.</summary>
    public static int Ordinal(int gpu, string? cudaVisible)
    {
        if (string.IsNullOrWhiteSpace(cudaVisible))
        {
            return gpu;
        }

        string[] listed = cudaVisible.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        int at = Array.IndexOf(listed, gpu.ToString(CultureInfo.InvariantCulture));
        return at >= 0 ? at : gpu;
    }
}
