using SweepCluster.Training.Resources;
using SweepCluster.Training.Tests.Command;

namespace SweepCluster.Training.Tests.Resources;

public sealed class GpuDiscoveryTests
{
    [Fact]
    public void Parse_NvidiaSmiCsv_IndexNameMemory()
    {
        var gpus = GpuDiscovery.Parse("0, NVIDIA A100-SXM4-40GB, 40960 MiB\n1, Tesla T4, 15360 MiB\n\n");

        Assert.Equal([new GpuDevice(0, "NVIDIA A100-SXM4-40GB", 40960), new GpuDevice(1, "Tesla T4", 15360)], gpus);
    }

    [Fact]
    public void Parse_GarbageLine_FormatExceptionNamingLine()
    {
        var e = Assert.Throws<FormatException>(() => GpuDiscovery.Parse("0, A, 1 MiB\nno gpus here\n"));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task DiscoverAsync_FakeNvidiaSmiOnPath_FourGpus()
    {
        using var dir = new ScriptDir();
        var bin = FakeNvidiaSmi.Install(dir.Root, 4);

        var gpus = await GpuDiscovery.DiscoverAsync(bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));

        Assert.Equal([0, 1, 2, 3], gpus.Select(g => g.Index));
        Assert.All(gpus, g => Assert.Equal(24576, g.MemoryMiB));
    }

    [LinuxFact]
    public async Task ForThisMachineAsync_FakeNvidiaSmi_FourOneGpuSlots()
    {
        using var dir = new ScriptDir();
        var bin = FakeNvidiaSmi.Install(dir.Root, 4);

        var allocator = await SlotAllocator.ForThisMachineAsync(cpuThreads: 8, searchPath: bin);

        Assert.Equal(4, allocator.SlotsFor(new ResourceRequest { GpusPerTrial = 1 }));
        Assert.Equal(8, allocator.SlotsFor(ResourceRequest.Default));
    }

    [LinuxFact]
    public async Task DiscoverAsync_NoNvidiaSmi_NoGpus()
    {
        using var dir = new ScriptDir();

        var gpus = await GpuDiscovery.DiscoverAsync(dir.Root);

        Assert.Empty(gpus);
    }

    [LinuxFact]
    public async Task DiscoverAsync_NvidiaSmiFails_NoGpusAndWarning()
    {
        using var dir = new ScriptDir();
        var bin = Path.Combine(dir.Root, "bin");
        Directory.CreateDirectory(bin);
        var script = dir.Script("echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver' >&2; exit 9", "bin/nvidia-smi");
        var warnings = new List<string>();

        var gpus = await GpuDiscovery.DiscoverAsync(Path.GetDirectoryName(script), warnings.Add);

        Assert.Empty(gpus);
        Assert.Contains("code 9", Assert.Single(warnings), StringComparison.Ordinal);
    }
}

/// <summary>Writes a fake <c>nvidia-smi</c> that answers the query with <c>count</c> GPUs.</summary>
internal static class FakeNvidiaSmi
{
    /// <summary>Installs it in <c>root/bin</c> and returns that folder (to put first on PATH).</summary>
    public static string Install(string root, int count)
    {
        var bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(bin);
        var path = Path.Combine(bin, "nvidia-smi");
        var lines = string.Concat(Enumerable.Range(0, count).Select(i => $"echo '{i}, NVIDIA GeForce RTX 4090, 24576 MiB'\n"));
        File.WriteAllText(path, $"#!/bin/sh\n[ \"$1\" = \"--query-gpu=index,name,memory.total\" ] || exit 2\n{lines}");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        return bin;
    }
}
