using SweepCluster.GpuWorker.Agent;
using SweepCluster.Messages;

namespace SweepCluster.GpuWorker.Tests.Agent;

public sealed class GpuDiscoveryTests
{
    [Fact]
    public void Parse_NvidiaSmiCsv_ReadsIndexNameAndMemory()
    {
        var gpus = GpuDiscovery.Parse("0, NVIDIA A100-SXM4-40GB, 40960 MiB\n1, Tesla T4, 15360 MiB\n\ngarbage\n");
        Assert.Equal([new GpuDescriptor(0, "NVIDIA A100-SXM4-40GB", 40960), new GpuDescriptor(1, "Tesla T4", 15360)], gpus);
    }

    [Fact]
    public void Parse_NameWithComma_KeepsWholeName()
    {
        Assert.Equal("Quadro, Special", Assert.Single(GpuDiscovery.Parse("3, Quadro, Special, 8192 MiB")).Name);
    }

    [Theory]
    [InlineData(null, 0, 8, 2, 4)]
    [InlineData(null, 0, 2, 4, 1)]
    [InlineData(null, 2, 8, 1, 2)]
    [InlineData(3, 2, 8, 1, 3)]
    public void Slots_Inputs_FollowTheRules(int? requested, int gpus, int cores, int threads, int expected)
    {
        Assert.Equal(expected, GpuDiscovery.Slots(requested, gpus, cores, threads));
    }
}
