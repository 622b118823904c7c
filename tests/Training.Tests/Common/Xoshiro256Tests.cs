using SweepCluster.Training.Common;

namespace SweepCluster.Training.Tests.Common;

public sealed class Xoshiro256Tests
{
    [Fact]
    public void NextUInt64_StateOneTwoThreeFour_MatchesReferenceSequence()
    {
        // reference values of the authors' xoshiro256starstar.c for s = {1, 2, 3, 4}
        var rng = new Xoshiro256(new RngState(1, 2, 3, 4));

        Assert.Equal(11520UL, rng.NextUInt64());
        Assert.Equal(0UL, rng.NextUInt64());
        Assert.Equal(1509978240UL, rng.NextUInt64());
        Assert.Equal(1215971899390074240UL, rng.NextUInt64());
    }

    [Fact]
    public void State_SavedAndRestored_ContinuesSameStream()
    {
        var a = new Xoshiro256(42);
        a.NextUInt64();
        var b = new Xoshiro256(a.State);

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Fact]
    public void Constructor_SeedZero_GivesNonZeroState()
    {
        RngState s = new Xoshiro256(0).State;

        Assert.NotEqual(0UL, s.S0 | s.S1 | s.S2 | s.S3);
    }

    [Fact]
    public void State_AllZero_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Xoshiro256(new RngState(0, 0, 0, 0)));
    }

    [Fact]
    public void NextInt_SmallRange_CoversRangeUniformly()
    {
        var rng = new Xoshiro256(7);
        var counts = new int[6];
        for (int i = 0; i < 60000; i++)
        {
            counts[rng.NextInt(6)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
    }

    [Fact]
    public void NextSingleAndGaussian_ManyDraws_HaveExpectedMoments()
    {
        var rng = new Xoshiro256(9);
        double sum = 0, sumG = 0, sumG2 = 0;
        const int n = 100000;
        for (int i = 0; i < n; i++)
        {
            float u = rng.NextSingle();
            Assert.InRange(u, 0f, 0.99999994f);
            sum += u;
            double g = rng.NextGaussian();
            sumG += g;
            sumG2 += g * g;
        }

        Assert.InRange(sum / n, 0.495, 0.505);
        Assert.InRange(sumG / n, -0.01, 0.01);
        Assert.InRange(sumG2 / n, 0.98, 1.02);
    }
}
