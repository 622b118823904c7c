namespace SweepCluster.Training.Common;

/// <summary>The four state words of a <see cref="Xoshiro256"/> generator; save them to resume a stream exactly.</summary>
internal readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3);

/// <summary>
/// xoshiro256** (Blackman and Vigna): a small, fast, serialisable PRNG. Seeded through splitmix64, so any 64-bit seed
/// (including 0) gives a valid non-zero state. Not thread-safe; one instance per stream.
/// </summary>
internal sealed class Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator whose state is expanded from <paramref name="seed"/> with splitmix64.</summary>
    public Xoshiro256(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Creates a generator from a saved state.</summary>
    public Xoshiro256(RngState state) => State = state;

    /// <summary>The current state; setting it resumes the stream at that point. The all-zero state is rejected.</summary>
    public RngState State
    {
        get => new(_s0, _s1, _s2, _s3);
        set
        {
            if ((value.S0 | value.S1 | value.S2 | value.S3) == 0)
            {
                throw new ArgumentException("The all-zero xoshiro256 state is invalid.", nameof(value));
            }

            (_s0, _s1, _s2, _s3) = (value.S0, value.S1, value.S2, value.S3);
        }
    }

    /// <summary>One step of splitmix64 over <paramref name="x"/> (advances it); also usable to derive sub-seeds.</summary>
    public static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        ulong z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>) without modulo bias (Lemire's method).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        ulong range = (ulong)maxExclusive;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * range;
            ulong low = (ulong)product;
            if (low >= range || low >= (0UL - range) % range)
            {
                return (int)(product >> 64);
            }
        }
    }

    /// <summary>A standard normal sample (Box–Muller; consumes two 64-bit draws, keeps no cached value).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
