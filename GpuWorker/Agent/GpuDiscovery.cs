using System.Diagnostics;
using System.Globalization;
using SweepCluster.Messages;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>Finds GPUs with <c>nvidia-smi</c> and decides the worker's slots.</summary>
internal static class GpuDiscovery
{
    /// <summary>The GPUs nvidia-smi lists; empty when it is absent or fails.</summary>
    public static IReadOnlyList<GpuDescriptor> Discover()
    {
        try
        {
            var psi = new ProcessStartInfo("nvidia-smi", "--query-gpu=index,name,memory.total --format=csv,noheader")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var p = Process.Start(psi);
            if (p is null)
            {
                return [];
            }

            var output = p.StandardOutput.ReadToEnd();
            return p.WaitForExit(10_000) && p.ExitCode == 0 ? Parse(output) : [];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    /// <summary>Parses lines like <c>0, NVIDIA A100-SXM4-40GB, 40960 MiB</c>; malformed lines are skipped.</summary>
    public static IReadOnlyList<GpuDescriptor> Parse(string csv)
    {
        var gpus = new List<GpuDescriptor>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var first = line.IndexOf(',', StringComparison.Ordinal);
            var last = line.LastIndexOf(',');
            if (first < 0 || last <= first)
            {
                continue;
            }

            var memory = line[(last + 1)..].Trim();
            memory = memory.EndsWith("MiB", StringComparison.OrdinalIgnoreCase) ? memory[..^3].Trim() : memory;
            if (int.TryParse(line[..first].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index)
                && long.TryParse(memory, NumberStyles.Integer, CultureInfo.InvariantCulture, out var mib))
            {
                gpus.Add(new GpuDescriptor(index, line[(first + 1)..last].Trim(), mib));
            }
        }

        return gpus;
    }

    /// <summary>Slots: as asked, else one per GPU, else cores / threads per slot (at least 1).</summary>
    public static int Slots(int? requested, int gpuCount, int cores, int threadsPerSlot) =>
        requested ?? (gpuCount > 0 ? gpuCount : Math.Max(1, cores / Math.Max(1, threadsPerSlot)));
}
