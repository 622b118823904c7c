using System.Runtime.Intrinsics;
using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class VecMathTests
{
    [Fact]
    public void Exp_RangeOfInputs_WithinThreeUlpOfMathExp()
    {
        for (float x = -87f; x < 88.3f; x += 0.0137f)
        {
            float actual = VecMath.Exp(Vector512.Create(x)).GetElement(5);
            double expected = Math.Exp(x);
            Assert.True(Math.Abs(actual - expected) <= 3.6e-7 * expected, $"exp({x:R}) = {actual:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void NormalCdf_BothTails_SmallRelativeError()
    {
        for (double x = -9; x <= 9; x += 0.01)
        {
            float actual = VecMath.NormalCdf(Vector512.Create((float)x)).GetElement(0);
            double expected = 0.5 * ScalarMath.Erfc(-(float)x / Math.Sqrt(2));
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"Φ({x:R}) = {actual:R}, expected {expected:R}");
        }
    }

    [Theory]
    [InlineData(0.5, 0.520499877813046537682746653892)]
    [InlineData(1.0, 0.842700792949714869341220635083)]
    [InlineData(-2.0, -0.995322265018952734162069256367)]
    [InlineData(3.0, 0.999977909503001414558627223870)]
    public void ScalarErf_TabulatedValues_Agrees(double x, double expected)
    {
        Assert.Equal(expected, ScalarMath.Erf(x), 1e-14);
    }

    [Fact]
    public void Sum_FixedOrder_AddsAllLanes()
    {
        var v = Vector512.Create(1f, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);

        Assert.Equal(136f, VecMath.Sum(v));
        Assert.Equal(16f, VecMath.Max(v));
    }
}
