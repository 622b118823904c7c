using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Tests.Hocon;

public sealed class HoconUnitsTests
{
    private static HoconValue V(string text) => HoconLoader.Parse($"v = {text}", "t.hocon", HoconOptions.WithoutEnvironment)["v"]!;

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("5 minutes", 300_000)]
    [InlineData("250", 250)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2 days", 172_800_000)]
    [InlineData("100ms", 100)]
    public void AsDuration_UnitsAndBareMilliseconds_Parsed(string text, long millis)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(millis), HoconUnits.AsDuration(V(text)));
    }

    [Fact]
    public void AsDuration_UnknownUnit_Null()
    {
        Assert.Null(HoconUnits.AsDuration(V("3 fortnights")));
    }

    [Theory]
    [InlineData("512MiB", 512L * 1024 * 1024)]
    [InlineData("1kB", 1000L)]
    [InlineData("1K", 1024L)]
    [InlineData("2 GB", 2_000_000_000L)]
    [InlineData("4096", 4096L)]
    public void AsBytes_UnitsAndBareBytes_Parsed(string text, long bytes)
    {
        Assert.Equal(bytes, HoconUnits.AsBytes(V(text)));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    public void AsBoolean_AllSpellings_Parsed(string text, bool expected)
    {
        Assert.Equal(expected, HoconUnits.AsBoolean(V(text)));
    }

    [Fact]
    public void AsBoolean_OtherString_Null()
    {
        Assert.Null(HoconUnits.AsBoolean(V("maybe")));
    }

    [Theory]
    [InlineData("1 kilobyte", 1000L)]
    [InlineData("2 kilobytes", 2000L)]
    [InlineData("1 megabyte", 1_000_000L)]
    [InlineData("3 exabytes", 3_000_000_000_000_000_000L)]
    [InlineData("1 kibibyte", 1024L)]
    [InlineData("2 kibibytes", 2048L)]
    [InlineData("1 mebibyte", 1024L * 1024)]
    [InlineData("1 gibibytes", 1024L * 1024 * 1024)]
    [InlineData("1 tebibyte", 1024L * 1024 * 1024 * 1024)]
    [InlineData("1 pebibyte", 1024L * 1024 * 1024 * 1024 * 1024)]
    [InlineData("1 exbibyte", 1024L * 1024 * 1024 * 1024 * 1024 * 1024)]
    [InlineData("5 byte", 5L)]
    [InlineData("1Ei", 1024L * 1024 * 1024 * 1024 * 1024 * 1024)]
    [InlineData("1 t", 1024L * 1024 * 1024 * 1024)]
    public void AsBytes_SpecUnitNames_Parsed(string text, long bytes)
    {
        Assert.Equal(bytes, HoconUnits.AsBytes(V(text)));
    }

    [Theory]
    [InlineData("1 KB")]
    [InlineData("1 mB")]
    [InlineData("1 kilobits")]
    [InlineData("1 kibibit")]
    [InlineData("16 exbibytes")]
    public void AsBytes_NamesNotInSpecOrTooLarge_Null(string text)
    {
        Assert.Null(HoconUnits.AsBytes(V(text)));
    }
}
