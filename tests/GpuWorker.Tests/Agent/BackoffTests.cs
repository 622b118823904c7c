using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.GpuWorker.Tests.Agent;

public sealed class BackoffTests
{
    [Fact]
    public void Next_SameSeed_SameDelays()
    {
        var a = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), 7);
        var b = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), 7);
        Assert.Equal(Enumerable.Range(0, 8).Select(_ => a.Next()), Enumerable.Range(0, 8).Select(_ => b.Next()));
    }

    [Fact]
    public void Next_Repeated_DoublesWithinJitterAndCapsAtMax()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 3);
        for (var i = 0; i < 10; i++)
        {
            var ceiling = Math.Min(1000, 100 * Math.Pow(2, i));
            var d = backoff.Next().TotalMilliseconds;
            Assert.InRange(d, ceiling / 2, ceiling);
        }
    }

    [Fact]
    public void Reset_AfterFailures_StartsAgainAtBase()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), 3);
        for (var i = 0; i < 5; i++)
        {
            backoff.Next();
        }

        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }
}
