using SweepCluster.Training.Command;

namespace SweepCluster.Training.Tests.Command;

public sealed class ReportParserTests
{
    [Fact]
    public void TryParse_NoStep_UsesFallbackStep()
    {
        Assert.True(ReportParser.TryParse("""{"val_loss": 0.25}""", 7, out var report, out _));
        Assert.Equal(7, report!.Step);
        Assert.Equal(0.25, report.Values["val_loss"]);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("""{"step": -1, "loss": 1}""")]
    [InlineData("""{"step": 1.5, "loss": 1}""")]
    [InlineData("""{"step": 1, "note": "x"}""")]
    [InlineData("{oops")]
    public void TryParse_Malformed_FalseWithError(string json)
    {
        Assert.False(ReportParser.TryParse(json, 1, out var report, out var error));
        Assert.Null(report);
        Assert.False(string.IsNullOrEmpty(error));
    }
}
