using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class ComputePoolTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 101)]
    [InlineData(3, 2)]
    [InlineData(3, 3)]
    [InlineData(3, 1000)]
    public void For_AnyThreadCount_RunsEveryIndexExactlyOnce(int threads, int count)
    {
        using var pool = new ComputePool(threads);
        var hits = new int[count];
        for (int round = 0; round < 5; round++)
        {
            pool.For(count, i => Interlocked.Increment(ref hits[i]));
        }

        Assert.All(hits, h => Assert.Equal(5, h));
    }

    [Fact]
    public void For_ThreeThreads_UsesThreeDistinctThreadsIncludingCaller()
    {
        using var pool = new ComputePool(3);
        var owner = new int[3];
        using var barrier = new Barrier(3);
        pool.For(3, i =>
        {
            owner[i] = Environment.CurrentManagedThreadId;
            barrier.SignalAndWait(TimeSpan.FromSeconds(30));
        });

        Assert.Equal(3, owner.Distinct().Count());
        Assert.Equal(Environment.CurrentManagedThreadId, owner[0]);
    }

    [Fact]
    public void For_SameCount_AssignsSameIndicesToSameThreads()
    {
        using var pool = new ComputePool(2);
        var first = new int[9];
        var second = new int[9];
        pool.For(9, i => first[i] = Environment.CurrentManagedThreadId);
        pool.For(9, i => second[i] = Environment.CurrentManagedThreadId);

        Assert.Equal(first, second);
        Assert.All(first.AsSpan(0, 4).ToArray(), t => Assert.Equal(Environment.CurrentManagedThreadId, t));
        Assert.All(first.AsSpan(4).ToArray(), t => Assert.NotEqual(Environment.CurrentManagedThreadId, t));
    }

    [Fact]
    public void For_BodyThrows_RethrowsOnCallerAndStaysUsable()
    {
        using var pool = new ComputePool(2);
        var ex = Assert.Throws<InvalidOperationException>(() => pool.For(4, i =>
        {
            if (i == 3)
            {
                throw new InvalidOperationException("boom");
            }
        }));
        Assert.Equal("boom", ex.Message);

        int sum = 0;
        pool.For(4, i => Interlocked.Add(ref sum, i));
        Assert.Equal(6, sum);
    }

    [Fact]
    public void For_NestedCall_RunsInnerLoopCompletely()
    {
        using var pool = new ComputePool(2);
        var hits = new int[4 * 5];
        pool.For(4, i => pool.For(5, j => Interlocked.Increment(ref hits[(i * 5) + j])));

        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void For_CachedDelegate_AllocatesNothingOnCaller()
    {
        using var pool = new ComputePool(2);
        var data = new int[64];
        Action<int> body = i => data[i]++;
        pool.For(64, body);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int r = 0; r < 100; r++)
        {
            pool.For(64, body);
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.All(data, d => Assert.Equal(101, d));
    }

    [Fact]
    public void Constructor_ZeroThreads_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputePool(0));
    }
}
