using System.Text;
using TorchSharp;

namespace SweepCluster.Training.Torch;

/// <summary>What this process can do with the torch engine: what a worker reports at registration.</summary>
/// <param name="TorchUsable">LibTorch loaded: <c>engine = torch</c> trials can train here (on the CPU at least).</param>
/// <param name="CudaUsable">LibTorch sees at least one CUDA device (a CUDA build on a machine with a GPU).</param>
/// <param name="CudaDevices">CUDA devices LibTorch sees (0 when none or not a CUDA build).</param>
/// <param name="Backend">The LibTorch build this process was compiled against: cpu | cuda.</param>
/// <param name="Problem">Null when usable; else one line naming the cause and the fix.</param>
public sealed record TorchCapability(bool TorchUsable, bool CudaUsable, int CudaDevices, string Backend, string? Problem);

/// <summary>
/// Probes, once per process, whether TorchSharp's native library loads and whether CUDA is usable. A Linux machine whose
/// libstdc++ is older than GCC 13's (Debian 12) is recognised before TorchSharp is touched, so the answer is one line
/// naming the cause and the fix rather than TorchSharp's load trace.
/// </summary>
public static class TorchProbe
{
    /// <summary>The libstdc++ symbol version LibTorchSharp 0.107.0 needs (GCC 13).</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private static readonly Lazy<TorchCapability> Cached = new(ProbeNow, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The backend this assembly was built for (<c>-p:TorchBackend=cuda</c> builds say cuda).</summary>
    public static string Backend => TorchBuild.Backend;

    /// <summary>This process's capability (probed on first use, then cached).</summary>
    public static TorchCapability Current => Cached.Value;

    /// <summary>Throws <see cref="TorchUnavailableException"/> with <see cref="TorchCapability.Problem"/> unless usable.</summary>
    public static void EnsureUsable()
    {
        if (Current.Problem is { } problem)
        {
            throw new TorchUnavailableException(problem);
        }
    }

    /// <summary>
    /// The one-line problem of the libstdc++ at <paramref name="path"/> (null when it has <see cref="RequiredGlibcxx"/>
    /// or cannot be read).
    /// </summary>
    public static string? LibStdCxxProblem(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        return bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(RequiredGlibcxx + "\0")) >= 0
            ? null
            : $"the torch engine cannot load: {path} is older than GCC 13's libstdc++ (no {RequiredGlibcxx}; "
              + "LibTorchSharp 0.107 also needs glibc 2.38). Fix: run on Debian 13 / Ubuntu 24.04 (the GpuWorker image), "
              + "or inside a Debian 13 user space: scripts/ci/in-trixie.sh (docs/torch.md)";
    }

    private static TorchCapability ProbeNow()
    {
        if (OperatingSystem.IsLinux() && FindLibStdCxx() is { } lib && LibStdCxxProblem(lib) is { } old)
        {
            return new TorchCapability(false, false, 0, Backend, old);
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string first = e.Message.Split('\n', 2)[0].Trim();
            return new TorchCapability(false, false, 0, Backend, $"the torch engine cannot load LibTorch ({Backend}): {first}");
        }

        int cuda = 0;
        try
        {
            cuda = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            cuda = 0;
        }

        return new TorchCapability(true, cuda > 0, cuda, Backend, null);
    }

    private static string? FindLibStdCxx()
    {
        string[] dirs = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64"];
        return dirs.Select(d => Path.Combine(d, "libstdc++.so.6")).FirstOrDefault(File.Exists);
    }
}

/// <summary>The torch engine cannot run in this process; the message is one line with the cause and the fix.</summary>
public sealed class TorchUnavailableException(string message) : Exception(message);
