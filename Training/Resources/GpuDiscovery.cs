using System.Diagnostics;
using System.Globalization;

namespace SweepCluster.Training.Resources;

/// <summary>Finds this machine's GPUs by running <c>nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader</c>.</summary>
internal static class GpuDiscovery
{
    /// <summary>The arguments given to nvidia-smi.</summary>
    public const string QueryArguments = "--query-gpu=index,name,memory.total --format=csv,noheader";

    /// <summary>
    /// The GPUs nvidia-smi reports, or none when it is not on <paramref name="searchPath"/> (default: this process's PATH)
    /// or fails. <paramref name="warn"/> receives a line saying why no GPUs were found, when that was an error.
    /// </summary>
    public static async Task<IReadOnlyList<GpuDevice>> DiscoverAsync(
        string? searchPath = null, Action<string>? warn = null, CancellationToken ct = default)
    {
        var executable = FindExecutable("nvidia-smi", searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "");
        if (executable is null)
            return [];
        var start = new ProcessStartInfo(executable, QueryArguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            var text = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                warn?.Invoke($"nvidia-smi exited with code {process.ExitCode}: {error.Trim()}; using no GPUs");
                return [];
            }

            return Parse(text);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or FormatException)
        {
            warn?.Invoke($"nvidia-smi failed: {e.Message}; using no GPUs");
            return [];
        }
    }

    /// <summary>Parses nvidia-smi's CSV lines such as <c>0, NVIDIA A100-SXM4-40GB, 40960 MiB</c>.</summary>
    public static IReadOnlyList<GpuDevice> Parse(string csv)
    {
        var gpus = new List<GpuDevice>();
        var lineNumber = 0;
        foreach (var raw in csv.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
                continue;
            var first = line.IndexOf(',', StringComparison.Ordinal);
            var last = line.LastIndexOf(',');
            if (first < 0 || last == first)
                throw new FormatException($"nvidia-smi line {lineNumber}: expected 'index, name, memory', got '{line}'");
            var indexText = line[..first].Trim();
            var name = line[(first + 1)..last].Trim();
            var memoryText = line[(last + 1)..].Trim();
            if (memoryText.EndsWith("MiB", StringComparison.OrdinalIgnoreCase))
                memoryText = memoryText[..^3].Trim();
            if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                throw new FormatException($"nvidia-smi line {lineNumber}: bad GPU index '{indexText}'");
            var memory = long.TryParse(memoryText, NumberStyles.None, CultureInfo.InvariantCulture, out var mib) ? mib : 0;
            gpus.Add(new GpuDevice(index, name, memory));
        }

        return gpus;
    }

    /// <summary>The first executable file called <paramref name="name"/> in the directories of <paramref name="searchPath"/>.</summary>
    public static string? FindExecutable(string name, string searchPath)
    {
        foreach (var dir in searchPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows()
                    || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                return candidate;
        }

        return null;
    }
}
