using SweepCluster.Training.Command;

namespace SweepCluster.Training.Tests.Command;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1.5 hours", 5_400_000)]
    [InlineData("500", 500)]
    [InlineData("10 ms", 10)]
    [InlineData("3m", 180_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("2 minutes", 120_000)]
    public void Parse_HoconDuration_Milliseconds(string text, double ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), DurationParser.Parse(text, "trial.timeout"));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("5 weeks")]
    [InlineData("-3s")]
    [InlineData("")]
    public void Parse_BadText_FormatExceptionNamingKey(string text)
    {
        var e = Assert.Throws<FormatException>(() => DurationParser.Parse(text, "trial.timeout"));
        Assert.StartsWith("trial.timeout:", e.Message, StringComparison.Ordinal);
    }
}
