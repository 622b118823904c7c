using System.Collections.Concurrent;
using SweepCluster.Coordinator.Dispatch;

namespace SweepCluster.Coordinator.Api;

/// <summary>Registered workers and when each was last heard from (for <c>404 unknown worker</c> and the workers gauge).</summary>
internal sealed class WorkerDirectory(TimeProvider time, TimeSpan timeout)
{
    private readonly ConcurrentDictionary<string, (WorkerInfo Info, DateTimeOffset Seen)> _workers = new(StringComparer.Ordinal);

    public void Add(string id, WorkerInfo info) => _workers[id] = (info, time.GetUtcNow());

    /// <summary>Marks the worker as seen; false when it never registered with this coordinator process.</summary>
    public bool Touch(string id)
    {
        if (!_workers.TryGetValue(id, out var w))
        {
            return false;
        }

        _workers[id] = (w.Info, time.GetUtcNow());
        return true;
    }

    /// <summary>Workers heard from within the timeout.</summary>
    public int Connected()
    {
        var cutoff = time.GetUtcNow() - timeout;
        return _workers.Values.Count(w => w.Seen >= cutoff);
    }
}
