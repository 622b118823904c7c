namespace SweepCluster.Training.Data;

/// <summary>
/// The data-order random stream (splitmix64): one 64-bit word of state, so a checkpoint can save and restore it exactly.
/// Not thread-safe.
/// </summary>
internal sealed class DataRng(ulong state)
{
    /// <summary>The current state; setting it resumes the stream at that point.</summary>
    public ulong State { get; set; } = state;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = State += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>) without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        ulong range = (ulong)maxExclusive;
        ulong limit = ulong.MaxValue - (ulong.MaxValue % range);
        ulong x;
        do
        {
            x = NextUInt64();
        }
        while (x >= limit);
        return (int)(x % range);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A Fisher–Yates permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (int i = n - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
