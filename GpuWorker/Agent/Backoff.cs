namespace SweepCluster.GpuWorker.Agent;

/// <summary>Exponential backoff with full jitter from a seeded generator: delay n is uniform in [d/2, d], d = min(max, base·2ⁿ).</summary>
internal sealed class Backoff(TimeSpan baseDelay, TimeSpan maxDelay, int seed)
{
    private readonly Random _random = new(seed);
    private int _failures;

    /// <summary>The delay before the next retry; grows with each call until <see cref="Reset"/>.</summary>
    public TimeSpan Next()
    {
        var exp = Math.Min(_failures++, 30);
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, exp));
        double jitter;
        lock (_random)
        {
            jitter = _random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * jitter)));
    }

    /// <summary>Back to the base delay after a success.</summary>
    public void Reset() => _failures = 0;
}
