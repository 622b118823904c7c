using SweepCluster.Coordinator.Sweeps.Lifecycle;

namespace SweepCluster.Coordinator.Tests.Sweeps.Lifecycle;

public sealed class TrialLifecycleTests
{
    [Theory]
    [InlineData(TrialStatus.Pending, TrialStatus.Leased)]
    [InlineData(TrialStatus.Leased, TrialStatus.Running)]
    [InlineData(TrialStatus.Running, TrialStatus.Completed)]
    [InlineData(TrialStatus.Running, TrialStatus.Stopped)]
    [InlineData(TrialStatus.Running, TrialStatus.Failed)]
    [InlineData(TrialStatus.Running, TrialStatus.Pending)]
    [InlineData(TrialStatus.Failed, TrialStatus.Pending)]
    [InlineData(TrialStatus.Failed, TrialStatus.Dead)]
    [InlineData(TrialStatus.Pending, TrialStatus.Cancelled)]
    internal void Transition_Allowed_ReturnsTarget(TrialStatus from, TrialStatus to)
    {
        Assert.Equal(to, TrialLifecycle.Transition(from, to));
    }

    [Theory]
    [InlineData(TrialStatus.Pending, TrialStatus.Running)]
    [InlineData(TrialStatus.Pending, TrialStatus.Completed)]
    [InlineData(TrialStatus.Completed, TrialStatus.Pending)]
    [InlineData(TrialStatus.Completed, TrialStatus.Running)]
    [InlineData(TrialStatus.Stopped, TrialStatus.Completed)]
    [InlineData(TrialStatus.Dead, TrialStatus.Pending)]
    [InlineData(TrialStatus.Failed, TrialStatus.Completed)]
    [InlineData(TrialStatus.Cancelled, TrialStatus.Pending)]
    internal void Transition_Illegal_Throws(TrialStatus from, TrialStatus to)
    {
        Assert.Throws<InvalidTransitionException>(() => TrialLifecycle.Transition(from, to));
    }

    [Fact]
    public void IsTerminal_EveryStatus_MatchesTable()
    {
        var terminal = Enum.GetValues<TrialStatus>().Where(TrialLifecycle.IsTerminal).ToHashSet();
        Assert.Equal(new HashSet<TrialStatus> { TrialStatus.Completed, TrialStatus.Stopped, TrialStatus.Dead, TrialStatus.Cancelled }, terminal);
    }

    [Fact]
    public void SweepTransition_FromTerminal_Throws()
    {
        Assert.Equal(SweepStatus.Completed, SweepLifecycle.Transition(SweepStatus.Running, SweepStatus.Completed));
        Assert.Throws<InvalidTransitionException>(() => SweepLifecycle.Transition(SweepStatus.Completed, SweepStatus.Running));
        Assert.Throws<InvalidTransitionException>(() => SweepLifecycle.Transition(SweepStatus.Cancelled, SweepStatus.Completed));
    }
}
