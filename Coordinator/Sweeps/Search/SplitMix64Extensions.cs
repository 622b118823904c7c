namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>Real-valued draws from a <see cref="SplitMix64"/>, so a search's whole randomness stays in one saved number.</summary>
internal static class SplitMix64Extensions
{
    /// <summary>A uniform double in [0, 1).</summary>
    public static double NextDouble(this SplitMix64 rng) => (rng.NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box–Muller; one of the pair is discarded so the state stays one number).</summary>
    public static double NextGaussian(this SplitMix64 rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
