using System.Diagnostics;

namespace SweepCluster.Coordinator.Tests.Support;

/// <summary>Bounded waits on a condition (no fixed sleeps).</summary>
internal static class Poll
{
    /// <summary>Polls <paramref name="condition"/> until it holds (true) or <paramref name="limit"/> passes (false).</summary>
    public static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
