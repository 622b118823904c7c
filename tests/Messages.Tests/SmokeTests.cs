namespace SweepCluster.Messages.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Assembly_Loads_HasTypes()
    {
        Assert.NotEmpty(typeof(SweepCluster.Messages.TrialSpec).Assembly.GetTypes());
    }
}
