namespace SweepCluster.Training.Resources;

/// <summary>
/// Hands out this worker's GPUs and CPU threads to attempts: a worker with N GPUs offers N one-GPU slots, an attempt
/// asking for <see cref="ResourceRequest.GpusPerTrial"/> GPUs gets that many distinct ones. Waiters are served first come,
/// first served, so a two-GPU attempt is not starved by one-GPU attempts. A lease releases its share on dispose.
/// </summary>
internal sealed class SlotAllocator
{
    private readonly Lock _gate = new();
    private readonly bool[] _gpuBusy;
    private readonly LinkedList<Waiter> _waiters = new();
    private int _freeThreads;

    /// <summary>An allocator over <paramref name="gpus"/> and <paramref name="cpuThreads"/> CPU threads.</summary>
    public SlotAllocator(IReadOnlyList<GpuDevice> gpus, int cpuThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cpuThreads, 1);
        Gpus = [.. gpus.OrderBy(g => g.Index)];
        if (Gpus.Select(g => g.Index).Distinct().Count() != Gpus.Count)
            throw new ArgumentException("GPU indices must be distinct", nameof(gpus));
        _gpuBusy = new bool[Gpus.Count];
        CpuThreads = cpuThreads;
        _freeThreads = cpuThreads;
    }

    /// <summary>This worker's GPUs, by index.</summary>
    public IReadOnlyList<GpuDevice> Gpus { get; }

    /// <summary>Total CPU threads.</summary>
    public int CpuThreads { get; }

    /// <summary>GPUs not held by any lease.</summary>
    public int FreeGpus
    {
        get
        {
            lock (_gate)
                return _gpuBusy.Count(b => !b);
        }
    }

    /// <summary>CPU threads not held by any lease.</summary>
    public int FreeCpuThreads
    {
        get
        {
            lock (_gate)
                return _freeThreads;
        }
    }

    /// <summary>How many attempts shaped like <paramref name="request"/> this worker runs at once when idle (its slots).</summary>
    public int SlotsFor(ResourceRequest request)
    {
        var byThreads = CpuThreads / Math.Max(1, request.CpuThreads);
        return request.GpusPerTrial == 0 ? byThreads : Math.Min(byThreads, Gpus.Count / request.GpusPerTrial);
    }

    /// <summary>How many more attempts shaped like <paramref name="request"/> could start now (ignoring queued waiters).</summary>
    public int FreeSlotsFor(ResourceRequest request)
    {
        lock (_gate)
        {
            var byThreads = _freeThreads / Math.Max(1, request.CpuThreads);
            var freeGpus = _gpuBusy.Count(b => !b);
            return request.GpusPerTrial == 0 ? byThreads : Math.Min(byThreads, freeGpus / request.GpusPerTrial);
        }
    }

    /// <summary>Takes the resources now if they are free and nobody is waiting; null otherwise.</summary>
    public SlotLease? TryAcquire(ResourceRequest request)
    {
        CheckFits(request);
        lock (_gate)
            return _waiters.Count == 0 ? TryTake(request) : null;
    }

    /// <summary>Waits (first come, first served) until the resources are free and takes them.</summary>
    public Task<SlotLease> AcquireAsync(ResourceRequest request, CancellationToken ct)
    {
        CheckFits(request);
        ct.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            if (_waiters.Count == 0 && TryTake(request) is { } lease)
                return Task.FromResult(lease);
            waiter = new Waiter(request);
            waiter.Node = _waiters.AddLast(waiter);
        }

        if (ct.CanBeCanceled)
        {
            waiter.Registration = ct.Register(() =>
            {
                bool removed;
                lock (_gate)
                {
                    removed = waiter.Node?.List is not null;
                    if (removed)
                        _waiters.Remove(waiter.Node!);
                }

                if (removed)
                {
                    waiter.Completion.TrySetCanceled(ct);
                    Grant();
                }
            });
        }

        return waiter.Completion.Task;
    }

    private void CheckFits(ResourceRequest request)
    {
        if (request.GpusPerTrial > Gpus.Count)
            throw new InvalidOperationException(
                $"resources.gpus_per_trial = {request.GpusPerTrial} but this worker has {Gpus.Count} GPU(s)");
        if (request.CpuThreads > CpuThreads)
            throw new InvalidOperationException(
                $"resources.cpu_threads = {request.CpuThreads} but this worker has {CpuThreads} CPU thread(s)");
    }

    // Caller holds _gate.
    private SlotLease? TryTake(ResourceRequest request)
    {
        if (request.CpuThreads > _freeThreads)
            return null;
        var picked = new List<int>(request.GpusPerTrial);
        for (var i = 0; i < _gpuBusy.Length && picked.Count < request.GpusPerTrial; i++)
        {
            if (!_gpuBusy[i])
                picked.Add(i);
        }

        if (picked.Count < request.GpusPerTrial)
            return null;
        foreach (var i in picked)
            _gpuBusy[i] = true;
        _freeThreads -= request.CpuThreads;
        return new SlotLease(this, picked, [.. picked.Select(i => Gpus[i].Index)], request.CpuThreads);
    }

    internal void Release(IReadOnlyList<int> positions, int threads)
    {
        lock (_gate)
        {
            foreach (var i in positions)
                _gpuBusy[i] = false;
            _freeThreads += threads;
        }

        Grant();
    }

    private void Grant()
    {
        var granted = new List<(Waiter Waiter, SlotLease Lease)>();
        lock (_gate)
        {
            while (_waiters.First is { } first && TryTake(first.Value.Request) is { } lease)
            {
                _waiters.RemoveFirst();
                granted.Add((first.Value, lease));
            }
        }

        foreach (var (waiter, lease) in granted)
        {
            waiter.Registration.Dispose();
            if (!waiter.Completion.TrySetResult(lease))
                lease.Dispose();
        }
    }

    private sealed class Waiter(ResourceRequest request)
    {
        public ResourceRequest Request { get; } = request;

        public TaskCompletionSource<SlotLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}

/// <summary>GPUs and CPU threads held by one attempt; dispose to give them back (idempotent).</summary>
internal sealed class SlotLease : IDisposable
{
    private readonly SlotAllocator _owner;
    private readonly IReadOnlyList<int> _positions;
    private int _released;

    internal SlotLease(SlotAllocator owner, IReadOnlyList<int> positions, IReadOnlyList<int> gpus, int cpuThreads)
    {
        _owner = owner;
        _positions = positions;
        Gpus = gpus;
        CpuThreads = cpuThreads;
    }

    /// <summary>The GPU indices of this lease (what <c>CUDA_VISIBLE_DEVICES</c> lists); empty for a CPU slot.</summary>
    public IReadOnlyList<int> Gpus { get; }

    /// <summary>CPU threads of this lease.</summary>
    public int CpuThreads { get; }

    /// <summary>Releases the lease's resources once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _owner.Release(_positions, CpuThreads);
    }
}
