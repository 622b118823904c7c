using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Dispatch;

/// <summary>
/// What a worker can still place, sent with its lease poll: free slots, and (when it tracks them) free GPUs and CPU threads.
/// The broker grants only trials that fit; <see cref="TryTake"/> reserves one trial's share of a copy of it.
/// </summary>
internal sealed record LeaseCapacity(int Slots, int? FreeGpus = null, int? FreeCpuThreads = null, int? CpuThreads = null)
{
    /// <summary>Takes one trial needing <paramref name="gpus"/> GPUs and <paramref name="threads"/> threads; null when it does not fit.</summary>
    /// <summary>The engines the asking worker runs; null: the CPU engine only.</summary>
    public IReadOnlyList<string>? Engines { get; init; }

    /// <summary>Whether the worker runs trials that need <paramref name="engine"/> (<c>cpu</c>, <c>torch</c> or <c>cuda</c>).</summary>
    public bool Runs(string engine) => engine == WorkerEngines.Cpu || (Engines?.Contains(engine) ?? false);

    public LeaseCapacity? TryTake(int gpus, int threads)
    {
        var need = Math.Min(threads, CpuThreads ?? threads);
        if (Slots < 1 || (gpus > 0 && (FreeGpus ?? int.MaxValue) < gpus) || (FreeCpuThreads ?? int.MaxValue) < need)
        {
            return null;
        }

        return this with
        {
            Slots = Slots - 1,
            FreeGpus = FreeGpus - gpus,
            FreeCpuThreads = FreeCpuThreads - need,
        };
    }
}
