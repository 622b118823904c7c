using SweepCluster.Training.Optim;

namespace SweepCluster.Training.Tests.Optim;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Rate_Constant_IsBaseEverywhere()
    {
        var s = new LearningRateSchedule { BaseRate = 0.3 };

        Assert.Equal(0.3, s.Rate(0));
        Assert.Equal(0.3, s.Rate(999));
    }

    [Fact]
    public void Rate_ConstantWithWarmup_RisesLinearlyThenStaysAtBase()
    {
        var s = new LearningRateSchedule { BaseRate = 0.4, WarmupSteps = 4 };

        double[] expected = [0.1, 0.2, 0.3, 0.4, 0.4];
        for (int step = 0; step < expected.Length; step++)
        {
            Assert.Equal(expected[step], s.Rate(step), 12);
        }

        Assert.Equal(0.4, s.Rate(999));
    }

    [Fact]
    public void Rate_WarmupCosine_RisesLinearlyThenFollowsCosineToMin()
    {
        var s = new LearningRateSchedule { Kind = ScheduleKind.WarmupCosine, BaseRate = 1.0, WarmupSteps = 4, TotalSteps = 14, MinRate = 0.1 };

        Assert.Equal(0.25, s.Rate(0), 12);
        Assert.Equal(1.0, s.Rate(3), 12);
        Assert.Equal(1.0, s.Rate(4), 12);
        Assert.Equal(0.1 + (0.9 * 0.5 * (1 + Math.Cos(Math.PI * 4.0 / 9.0))), s.Rate(8), 12);
        Assert.Equal(0.1, s.Rate(13), 12);
        Assert.Equal(0.1, s.Rate(50), 12);
    }

    [Fact]
    public void Rate_LinearDecay_FallsLinearlyToMin()
    {
        var s = new LearningRateSchedule { Kind = ScheduleKind.LinearDecay, BaseRate = 1.0, TotalSteps = 11 };

        Assert.Equal(1.0, s.Rate(0), 12);
        Assert.Equal(0.5, s.Rate(5), 12);
        Assert.Equal(0.0, s.Rate(10), 12);
    }
}
