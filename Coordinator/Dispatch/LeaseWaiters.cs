namespace SweepCluster.Coordinator.Dispatch;

/// <summary>
/// The lease polls waiting for work, oldest first. A signal for n newly pending trials wakes the n oldest waiters, not all
/// of them (no thundering herd: 64 idle workers and one trial handed back make one lease attempt, not 64). A woken poll
/// that gets nothing (the trial went to a poll that was not waiting, or does not fit its free GPUs or threads) passes
/// the wake-up on to the next waiter, at most as many times as there were waiters when the signal came, so a trial that
/// fits one of them is not left waiting for the polls to time out.
/// </summary>
internal sealed class LeaseWaiters
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource<int>> _queue = new();
    private long _epoch;
    private long _woken;

    /// <summary>Changes with every signal; a poll reads it before looking for work and hands it to <see cref="Enqueue"/>.</summary>
    public long Epoch
    {
        get
        {
            lock (_lock)
            {
                return _epoch;
            }
        }
    }

    /// <summary>Polls waiting now (a probe for tests and metrics).</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Waiters woken so far, passed-on wake-ups included (a probe for tests).</summary>
    public long Woken => Interlocked.Read(ref _woken);

    /// <summary>
    /// Queues a waiter, unless a signal came since <paramref name="seen"/> (null: look for work again at once). Its task
    /// completes, when woken, with how many more waiters the wake-up may be passed on to.
    /// </summary>
    public LinkedListNode<TaskCompletionSource<int>>? Enqueue(long seen)
    {
        lock (_lock)
        {
            return _epoch != seen ? null : _queue.AddLast(new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    /// <summary>Takes a waiter out that stopped waiting; false when a signal took it first (its task has the wake-up then).</summary>
    public bool Remove(LinkedListNode<TaskCompletionSource<int>> waiter)
    {
        lock (_lock)
        {
            if (waiter.List is null)
            {
                return false;
            }

            _queue.Remove(waiter);
            return true;
        }
    }

    /// <summary>Wakes the <paramref name="trials"/> oldest waiters (<see cref="int.MaxValue"/>: every one).</summary>
    public void Signal(int trials)
    {
        List<TaskCompletionSource<int>> wake;
        int hops;
        lock (_lock)
        {
            _epoch++;
            hops = _queue.Count;
            wake = Take(trials);
        }

        Wake(wake, hops);
    }

    /// <summary>A woken poll got nothing: wakes the next waiter with one hop less.</summary>
    public void PassOn(int hops)
    {
        if (hops <= 1)
        {
            return;
        }

        List<TaskCompletionSource<int>> wake;
        lock (_lock)
        {
            wake = Take(1);
        }

        Wake(wake, hops - 1);
    }

    private List<TaskCompletionSource<int>> Take(int n)
    {
        var taken = new List<TaskCompletionSource<int>>(Math.Min(n, _queue.Count));
        while (taken.Count < n && _queue.First is { } first)
        {
            _queue.RemoveFirst();
            taken.Add(first.Value);
        }

        return taken;
    }

    private void Wake(List<TaskCompletionSource<int>> wake, int hops)
    {
        Interlocked.Add(ref _woken, wake.Count);
        foreach (var w in wake)
        {
            w.TrySetResult(hops);
        }
    }
}
