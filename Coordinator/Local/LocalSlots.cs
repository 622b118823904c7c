using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;
using SweepCluster.Training.Resources;

namespace SweepCluster.Coordinator.Local;

/// <summary>
/// The GPUs and CPU threads of the machine <c>run</c> works on, shared by its in-process workers. A worker leases under
/// one gate with the machine's free capacity and takes the grant's GPUs before the next worker leases, so the broker never
/// grants a trial that cannot start now and two trials never see the same GPU.
/// </summary>
internal sealed class LocalSlots(SlotAllocator allocator) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The machine's allocator.</summary>
    public SlotAllocator Allocator => allocator;

    /// <summary>What one trial of <paramref name="spec"/> takes here (threads capped at the machine's).</summary>
    public ResourceRequest RequestOf(TrialSpec spec) =>
        new() { GpusPerTrial = spec.GpusPerTrial, CpuThreads = Math.Clamp(spec.Threads, 1, allocator.CpuThreads) };

    /// <summary>Leases at most one trial that fits now and takes its resources; the lease is null when none came.</summary>
    public async Task<(LeaseGrant Grant, SlotLease Lease)?> LeaseAsync(ITrialBroker broker, string workerId, TimeSpan wait, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var capacity = new LeaseCapacity(1, allocator.FreeGpus, allocator.FreeCpuThreads, allocator.CpuThreads);
            var grants = await broker.LeaseAsync(workerId, capacity, wait, ct);
            if (grants.Count == 0)
            {
                return null;
            }

            // Under the gate nobody else takes resources, so what the broker matched is free (releases only add to it).
            var lease = allocator.TryAcquire(RequestOf(grants[0].Spec))
                ?? throw new InvalidOperationException($"trial {grants[0].Trial.TrialId} was granted beyond the free capacity");
            return (grants[0], lease);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Releases the gate.</summary>
    public void Dispose() => _gate.Dispose();
}
