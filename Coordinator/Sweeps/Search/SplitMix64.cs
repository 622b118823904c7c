namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>A tiny seeded generator whose whole state is one number, so it can be saved with the sweep.</summary>
internal sealed class SplitMix64(ulong state)
{
    /// <summary>The state to save; a generator built from it continues the same sequence.</summary>
    public ulong State { get; private set; } = state;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        State += 0x9E3779B97F4A7C15UL;
        var z = State;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        return (int)(NextUInt64() % (ulong)maxExclusive);
    }
}
