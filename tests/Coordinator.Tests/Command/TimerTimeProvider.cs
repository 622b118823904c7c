namespace SweepCluster.Coordinator.Tests.Command;

/// <summary>A manual clock with timers: they fire during <see cref="Advance"/>; <see cref="TimerCreated"/> tells when one is armed.</summary>
internal sealed class TimerTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset Due, TimerCallback Callback, object? State, Slot Slot)> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Raised (on the creating thread) after a timer is armed.</summary>
    public event Action? TimerCreated;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var slot = new Slot(this);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_gate)
                _timers.Add((_now + dueTime, callback, state, slot));
        }

        TimerCreated?.Invoke();
        return slot;
    }

    /// <summary>Moves the clock and fires the one-shot timers that came due.</summary>
    public void Advance(TimeSpan by)
    {
        List<(DateTimeOffset Due, TimerCallback Callback, object? State, Slot Slot)> due;
        lock (_gate)
        {
            _now += by;
            due = [.. _timers.Where(t => t.Due <= _now).OrderBy(t => t.Due)];
            _timers.RemoveAll(t => t.Due <= _now);
        }

        foreach (var t in due)
            t.Callback(t.State);
    }

    private sealed class Slot(TimerTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => throw new NotSupportedException();

        public void Dispose()
        {
            lock (owner._gate)
                owner._timers.RemoveAll(t => ReferenceEquals(t.Slot, this));
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
