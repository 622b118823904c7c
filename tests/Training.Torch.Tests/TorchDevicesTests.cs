namespace SweepCluster.Training.Torch.Tests;

/// <summary>The device setting's resolution (pure; runs everywhere).</summary>
public sealed class TorchDevicesTests
{
    [Theory]
    [InlineData("auto", new int[0], null, 2, "cpu")]
    [InlineData("auto", new[] { 1 }, null, 0, "cpu")]
    [InlineData("auto", new[] { 1 }, null, 2, "cuda:1")]
    [InlineData("auto", new[] { 3, 2 }, "2,3", 2, "cuda:1")]
    [InlineData("cuda", new int[0], null, 1, "cuda:0")]
    [InlineData("cuda", new[] { 5 }, "4,5,6", 3, "cuda:1")]
    [InlineData("cuda:1", new[] { 0 }, null, 2, "cuda:1")]
    [InlineData("cpu", new[] { 0 }, null, 2, "cpu")]
    public void Resolve_DeviceGpusAndVisibleDevices_LibTorchDevice(string device, int[] gpus, string? visible, int cudaCount, string expected) =>
        Assert.Equal(expected, TorchDevices.Resolve(device, gpus, visible, cudaCount));

    [Theory]
    [InlineData("cuda", 0, "needs CUDA")]
    [InlineData("cuda:0", 0, "needs CUDA")]
    [InlineData("cuda:2", 2, "sees 2 CUDA device(s)")]
    public void Resolve_CudaNotUsable_ErrorNamesTheSetting(string device, int cudaCount, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => TorchDevices.Resolve(device, [], null, cudaCount));
        Assert.StartsWith("trial.device: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
