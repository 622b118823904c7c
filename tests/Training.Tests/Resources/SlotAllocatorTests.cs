using System.Text.Json;
using SweepCluster.Training.Resources;

namespace SweepCluster.Training.Tests.Resources;

public sealed class SlotAllocatorTests
{
    private static readonly GpuDevice[] FourGpus = [.. Enumerable.Range(0, 4).Select(i => new GpuDevice(i, "gpu", 1024))];
    private static readonly ResourceRequest OneGpu = new() { GpusPerTrial = 1 };
    private static readonly ResourceRequest TwoGpus = new() { GpusPerTrial = 2 };

    [Fact]
    public void TryAcquire_OneGpuEach_DistinctGpusUntilFull()
    {
        var allocator = new SlotAllocator(FourGpus, 8);

        var leases = Enumerable.Range(0, 4).Select(_ => allocator.TryAcquire(OneGpu)!).ToList();

        Assert.Equal([0, 1, 2, 3], leases.SelectMany(l => l.Gpus).Order());
        Assert.Null(allocator.TryAcquire(OneGpu));
        Assert.Equal(0, allocator.FreeGpus);
    }

    [Fact]
    public void Dispose_Twice_ReleasesOnce()
    {
        var allocator = new SlotAllocator(FourGpus, 2);
        var a = allocator.TryAcquire(OneGpu)!;
        var b = allocator.TryAcquire(OneGpu)!;

        a.Dispose();
        a.Dispose();

        Assert.Equal(3, allocator.FreeGpus);
        Assert.Equal(1, allocator.FreeCpuThreads);
        using var c = allocator.TryAcquire(OneGpu);
        Assert.NotNull(c);
        Assert.Null(allocator.TryAcquire(OneGpu)); // both threads held by b and c
        b.Dispose();
    }

    [Fact]
    public async Task AcquireAsync_TwoGpuWaiterFirst_ServedBeforeLaterOneGpuWaiters()
    {
        var allocator = new SlotAllocator(FourGpus, 8);
        var held = Enumerable.Range(0, 4).Select(_ => allocator.TryAcquire(OneGpu)!).ToList();
        var big = allocator.AcquireAsync(TwoGpus, CancellationToken.None);
        var small = allocator.AcquireAsync(OneGpu, CancellationToken.None);

        held[0].Dispose();
        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted); // first come, first served: waits behind the two-GPU request
        held[1].Dispose();
        var bigLease = await big;
        Assert.Equal([0, 1], bigLease.Gpus);
        Assert.False(small.IsCompleted);
        held[2].Dispose();
        Assert.Equal([2], (await small).Gpus);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_WaiterRemovedAndNextServed()
    {
        var allocator = new SlotAllocator(FourGpus, 8);
        var held = allocator.TryAcquire(new ResourceRequest { GpusPerTrial = 4 })!;
        using var cts = new CancellationTokenSource();
        var cancelled = allocator.AcquireAsync(TwoGpus, cts.Token);
        var next = allocator.AcquireAsync(OneGpu, CancellationToken.None);

        await cts.CancelAsync();
        held.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal([0], (await next).Gpus);
        Assert.Equal(3, allocator.FreeGpus);
    }

    [Fact]
    public void AcquireAsync_MoreGpusThanWorkerHas_ClearError()
    {
        var allocator = new SlotAllocator(FourGpus, 8);

        var e = Assert.Throws<InvalidOperationException>(() => { _ = allocator.AcquireAsync(new ResourceRequest { GpusPerTrial = 5 }, CancellationToken.None); });

        Assert.Contains("gpus_per_trial = 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlotsFor_GpusAndThreads_SmallerBound()
    {
        var allocator = new SlotAllocator(FourGpus, 6);

        Assert.Equal(4, allocator.SlotsFor(OneGpu));
        Assert.Equal(2, allocator.SlotsFor(TwoGpus));
        Assert.Equal(1, allocator.SlotsFor(new ResourceRequest { CpuThreads = 4 }));
        Assert.Equal(6, allocator.SlotsFor(ResourceRequest.Default));
    }

    [Fact]
    public void FreeSlotsFor_AfterAcquire_Counts()
    {
        var allocator = new SlotAllocator(FourGpus, 8);
        using var lease = allocator.TryAcquire(OneGpu)!;

        Assert.Equal(1, allocator.FreeSlotsFor(TwoGpus));
        Assert.Equal(3, allocator.FreeSlotsFor(OneGpu));
    }

    [Fact]
    public void Apply_Spec_GpusAndThreadsOfLease()
    {
        var allocator = new SlotAllocator(FourGpus, 8);
        using var first = allocator.TryAcquire(OneGpu)!;
        using var lease = allocator.TryAcquire(new ResourceRequest { GpusPerTrial = 2, CpuThreads = 3 })!;
        var spec = new Messages.TrialSpec { TrialId = "t", Task = "command", Settings = JsonDocument.Parse("{}").RootElement, CheckpointDir = "c" };

        var applied = lease.Apply(spec);

        Assert.Equal([1, 2], applied.Gpus);
        Assert.Equal(3, applied.Threads);
    }

    [Fact]
    public void FromSettings_ResourcesBlock_Read()
    {
        var settings = JsonDocument.Parse("""{"resources": {"gpus_per_trial": 2, "cpu_threads": 4}}""").RootElement;

        Assert.Equal(new ResourceRequest { GpusPerTrial = 2, CpuThreads = 4 }, ResourceRequest.FromSettings(settings));
        Assert.Equal(ResourceRequest.Default, ResourceRequest.FromSettings(JsonDocument.Parse("{}").RootElement));
    }

    [Theory]
    [InlineData("""{"gpus_per_trial": -1}""", "trial.resources.gpus_per_trial")]
    [InlineData("""{"cpu_threads": 0}""", "trial.resources.cpu_threads")]
    [InlineData("""{"tpus": 1}""", "trial.resources.tpus: unknown resource")]
    public void FromJson_Bad_ErrorNamesKey(string json, string error)
    {
        var e = Assert.Throws<FormatException>(() => ResourceRequest.FromJson(JsonDocument.Parse(json).RootElement, "trial.resources"));

        Assert.StartsWith(error, e.Message, StringComparison.Ordinal);
    }
}
