using SweepCluster.Messages;
using SweepCluster.Training.Resources;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// The agent's GPUs and CPU threads: a worker with N GPUs offers N GPU slots. The lease poll carries the free capacity, so
/// the coordinator grants only trials that fit; a granted trial takes exactly its GPUs before the next poll is sent.
/// </summary>
internal sealed class AgentSlots(IReadOnlyList<GpuDescriptor> gpus, int cpuThreads, int threadsPerSlot)
{
    private readonly SlotAllocator _allocator = new([.. gpus.Select(g => new GpuDevice(g.Index, g.Name, g.MemoryMiB))], Math.Max(1, cpuThreads));

    /// <summary>The allocator (free GPUs and threads).</summary>
    public SlotAllocator Allocator => _allocator;

    /// <summary>The lease poll for <paramref name="freeSlots"/> slots with this worker's free GPUs and threads.</summary>
    public LeaseRequest Request(int freeSlots, TimeSpan wait) => new()
    {
        Protocol = ProtocolVersion.Current,
        FreeSlots = freeSlots,
        FreeGpus = _allocator.FreeGpus,
        FreeCpuThreads = _allocator.FreeCpuThreads,
        CpuThreads = _allocator.CpuThreads,
        WaitSeconds = wait.TotalSeconds,
    };

    /// <summary>Takes a granted trial's GPUs and threads now if they are free (they are, when the coordinator matched them).</summary>
    public SlotLease? TryTake(TrialSpec spec)
    {
        try
        {
            return _allocator.TryAcquire(RequestOf(spec));
        }
        catch (InvalidOperationException)
        {
            return null; // it can never fit here: AcquireAsync fails the attempt with the reason
        }
    }

    /// <summary>Waits (first come, first served) for a trial's GPUs and threads; throws when this worker can never place it.</summary>
    public Task<SlotLease> AcquireAsync(TrialSpec spec, CancellationToken ct) => _allocator.AcquireAsync(RequestOf(spec), ct);

    /// <summary>The spec as it runs on <paramref name="lease"/>: its GPUs and at least <c>threads-per-slot</c> threads.</summary>
    public TrialSpec Place(TrialSpec spec, SlotLease lease) =>
        spec with { Gpus = lease.Gpus, Threads = Math.Max(lease.CpuThreads, threadsPerSlot) };

    private ResourceRequest RequestOf(TrialSpec spec) =>
        new() { GpusPerTrial = spec.GpusPerTrial, CpuThreads = Math.Clamp(spec.Threads, 1, _allocator.CpuThreads) };
}
