namespace SweepCluster.Training.Kernels;

/// <summary>
/// The threads one engine instance may use: exactly <see cref="Threads"/> (the caller's thread counts as one).
/// CONTRACT STUB: the kernels issue replaces the body with dedicated worker threads and an allocation-free parallel-for.
/// </summary>
internal sealed class ComputePool : IDisposable
{
    /// <summary>Creates a pool that computes on <paramref name="threads"/> threads in total.</summary>
    public ComputePool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
    }

    /// <summary>A shared single-thread pool (no worker threads).</summary>
    public static ComputePool Single { get; } = new(1);

    /// <summary>Total threads that compute, including the caller's.</summary>
    public int Threads { get; }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
    }
}
