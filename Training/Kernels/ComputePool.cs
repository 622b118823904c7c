namespace SweepCluster.Training.Kernels;

/// <summary>
/// The threads one engine instance may use: exactly <see cref="Threads"/> (the caller's thread counts as one).
/// <see cref="For"/> splits [0, count) into <see cref="Threads"/> contiguous, fixed ranges: thread t (the caller is t = 0)
/// runs indices [t·count/Threads, (t+1)·count/Threads), so the assignment is deterministic. Worker threads are dedicated,
/// started once, and signalled without allocation; a nested <see cref="For"/> (from inside a body) runs inline on its caller.
/// </summary>
internal sealed class ComputePool : IDisposable
{
    // Spin rounds before a waiting thread blocks (back-to-back kernels keep workers hot without a kernel wake-up).
    private const int SpinRounds = 4000;

    private readonly Thread[] _workers;
    private readonly object _startGate = new();
    private readonly object _doneGate = new();
    private Action<int>? _body;
    private int _count;
    private int _pending;
    private int _generation;
    private int _busy;
    private volatile bool _disposed;
    private Exception? _error;

    /// <summary>Creates a pool that computes on <paramref name="threads"/> threads in total.</summary>
    public ComputePool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _workers = new Thread[threads - 1];
        for (int w = 0; w < _workers.Length; w++)
        {
            int thread = w + 1;
            _workers[w] = new Thread(() => WorkerLoop(thread))
            {
                IsBackground = true,
                Name = $"compute-{thread}",
            };
            _workers[w].Start();
        }
    }

    /// <summary>A shared single-thread pool (no worker threads).</summary>
    public static ComputePool Single { get; } = new(1);

    /// <summary>Total threads that compute, including the caller's.</summary>
    public int Threads { get; }

    /// <summary>The pool's parallel GEMM state (one job at a time; reused, so parallel GEMMs allocate nothing).</summary>
    internal GemmParallelJob GemmJob { get; } = new();

    /// <summary>
    /// Runs <paramref name="body"/>(i) for every i in [0, <paramref name="count"/>) on the pool's threads and returns when all
    /// are done. Allocates nothing when <paramref name="body"/> is a cached delegate. The first exception thrown by a body is
    /// rethrown on the caller after every thread has finished its range.
    /// </summary>
    public void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count == 0)
        {
            return;
        }

        if (Threads == 1 || count == 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        try
        {
            _body = body;
            _count = count;
            _error = null;
            Volatile.Write(ref _pending, _workers.Length);
            lock (_startGate)
            {
                _generation++;
                Monitor.PulseAll(_startGate);
            }

            RunRange(0);
            WaitForWorkers();
            _body = null;
            Exception? error = _error;
            _error = null;
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>The first index of thread <paramref name="thread"/>'s range for a loop of <paramref name="count"/>.</summary>
    public static int RangeStart(int thread, int threads, int count) => (int)((long)thread * count / threads);

    /// <summary>Stops the worker threads.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_startGate)
        {
            Monitor.PulseAll(_startGate);
        }

        foreach (Thread worker in _workers)
        {
            worker.Join();
        }
    }

    private void RunRange(int thread)
    {
        Action<int> body = _body!;
        int from = RangeStart(thread, Threads, _count);
        int to = RangeStart(thread + 1, Threads, _count);
        try
        {
            for (int i = from; i < to; i++)
            {
                body(i);
            }
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _error, ex, null);
        }
    }

    private void WaitForWorkers()
    {
        for (int i = 0; i < SpinRounds && Volatile.Read(ref _pending) != 0; i++)
        {
            Thread.SpinWait(8);
        }

        if (Volatile.Read(ref _pending) != 0)
        {
            lock (_doneGate)
            {
                while (Volatile.Read(ref _pending) != 0)
                {
                    Monitor.Wait(_doneGate);
                }
            }
        }
    }

    private void WorkerLoop(int thread)
    {
        int seen = 0;
        while (true)
        {
            for (int i = 0; i < SpinRounds && Volatile.Read(ref _generation) == seen && !_disposed; i++)
            {
                Thread.SpinWait(8);
            }

            lock (_startGate)
            {
                while (_generation == seen && !_disposed)
                {
                    Monitor.Wait(_startGate);
                }

                seen = _generation;
            }

            if (_disposed)
            {
                return;
            }

            RunRange(thread);
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                lock (_doneGate)
                {
                    Monitor.PulseAll(_doneGate);
                }
            }
        }
    }
}
