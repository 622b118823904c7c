using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Tests.Tasks;

public sealed class TestFunctionsTests
{
    [Fact]
    public void Branin_KnownMinima_EqualTheGlobalMinimum()
    {
        Assert.Equal(TestFunctions.Minimum("branin"), TestFunctions.Branin(-Math.PI, 12.275), 5);
        Assert.Equal(TestFunctions.Minimum("branin"), TestFunctions.Branin(Math.PI, 2.275), 5);
        Assert.Equal(TestFunctions.Minimum("branin"), TestFunctions.Branin(9.42478, 2.475), 5);
    }

    [Fact]
    public void Hartmann6_KnownMinimiser_EqualsTheGlobalMinimum()
    {
        double[] x = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573];
        Assert.Equal(TestFunctions.Minimum("hartmann6"), TestFunctions.Hartmann6(x), 4);
    }

    [Fact]
    public void Hartmann6_CubeCentre_IsAboveTheMinimum()
    {
        Assert.True(TestFunctions.Hartmann6([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) > TestFunctions.Minimum("hartmann6") + 1);
    }

    [Fact]
    public void Rosenbrock_OnesInFiveDimensions_IsZero()
    {
        Assert.Equal(0, TestFunctions.Rosenbrock([1, 1, 1, 1, 1]));
        Assert.Equal(101, TestFunctions.Rosenbrock([0, 1]));
    }
}
