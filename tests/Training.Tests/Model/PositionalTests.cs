using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Model;

public sealed class PositionalTests
{
    [Fact]
    public void AlibiSlopes_PowerOfTwoHeads_GeometricFromHalf()
    {
        float[] s = Alibi.Slopes(8);

        Assert.Equal([0.5f, 0.25f, 0.125f, 0.0625f, 0.03125f, 0.015625f, 0.0078125f, 0.00390625f], s);
    }

    [Fact]
    public void AlibiSlopes_SixHeads_FourSlopesThenOddOnesOfEight()
    {
        float[] s = Alibi.Slopes(6);

        Assert.Equal([0.25f, 0.0625f, 0.015625f, 0.00390625f, 0.5f, 0.125f], s);
    }

    [Fact]
    public void SinusoidalTable_KnownEntries_SineAndCosine()
    {
        float[] pe = Embedding.SinusoidalTable(5, 8);

        Assert.Equal(0f, pe[0]);
        Assert.Equal(1f, pe[1]);
        Assert.Equal((float)Math.Sin(3.0), pe[(3 * 8) + 0], 6);
        Assert.Equal((float)Math.Cos(3.0 * Math.Exp(-Math.Log(10000.0) * 4 / 8)), pe[(3 * 8) + 5], 6);
    }

    [Fact]
    public void RotaryForward_ThenBackward_RestoresVectorAndPreservesNorm()
    {
        (float[] cos, float[] sin) = Rotary.Tables(6, 4);
        float[] v = [0.3f, -1.2f, 2f, 0.5f];
        float[] r = [.. v];

        Rotary.Forward(r, cos, sin, 5);
        double norm = r.Sum(x => (double)x * x);
        Assert.Equal(v.Sum(x => (double)x * x), norm, 5);
        Assert.NotEqual(v, r);
        Assert.Equal((0.3 * Math.Cos(5)) + (1.2 * Math.Sin(5)), r[0], 5);
        Rotary.Backward(r, cos, sin, 5);
        for (int i = 0; i < v.Length; i++)
        {
            Assert.Equal(v[i], r[i], 5);
        }
    }
}
