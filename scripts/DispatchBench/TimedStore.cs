using System.Diagnostics;
using System.Globalization;
using SweepCluster.Coordinator.Storage;

namespace SweepCluster.DispatchBench;

/// <summary>The coordinator's read model with each projection write (<see cref="ISweepStore.ProjectAsync"/>) timed: how long a commit takes and how many journal events it carries.</summary>
internal sealed class TimedStore(ISweepStore inner) : SweepStoreDecorator(inner)
{
    private readonly List<(double Ms, int Changes)> _commits = [];
    private readonly Lock _lock = new();

    /// <summary>Forgets the commits timed so far (the warm-up's).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _commits.Clear();
        }
    }

    /// <summary>Commit time p50/p99 and changes per commit since <see cref="Reset"/>.</summary>
    public string Summary()
    {
        (double Ms, int Changes)[] all;
        lock (_lock)
        {
            all = [.. _commits];
        }

        if (all.Length == 0)
        {
            return "commit p50=n/a";
        }

        double[] ms = [.. all.Select(c => c.Ms).Order()];
        return string.Create(CultureInfo.InvariantCulture,
            $"commit p50={ms[ms.Length / 2]:0.00}ms p99={ms[Math.Min(ms.Length - 1, ms.Length * 99 / 100)]:0.00}ms changes/commit={all.Average(c => c.Changes):0.0}");
    }

    public override async Task<IReadOnlyList<bool>> ProjectAsync(IReadOnlyList<StateChange> changes, long offset, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        var applied = await Inner.ProjectAsync(changes, offset, ct);
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        lock (_lock)
        {
            _commits.Add((ms, changes.Count));
        }

        return applied;
    }
}
