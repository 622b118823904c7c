using SweepCluster.Coordinator.Hocon;
using static SweepCluster.Coordinator.Tests.Hocon.HoconParserTests;

namespace SweepCluster.Coordinator.Tests.Hocon;

/// <summary>The bare word <c>include</c> at the start of a key, as the spec reads (issue 19, item 14).</summary>
public sealed class HoconIncludeKeywordTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadFile_IncludeWithoutSpaceBeforeName_Includes()
    {
        _dir.Write("part.conf", "p = 1");
        var main = _dir.Write("main.conf", "include\"part.conf\"\nq = 2");

        Assert.Equal("""{"p":1,"q":2}""", Json(HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment)));
    }

    [Fact]
    public void LoadFile_IncludeNameOnNextLine_Includes()
    {
        _dir.Write("part.conf", "p = 1");
        var main = _dir.Write("main.conf", "include\n  \"part.conf\"");

        Assert.Equal("""{"p":1}""", Json(HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment)));
    }

    [Theory]
    [InlineData("include : { a = 1 }")]
    [InlineData("include = 1")]
    [InlineData("include { a = 1 }")]
    [InlineData("include foo = 1")]
    public void Parse_IncludeUsedAsKey_ErrorAtKeyword(string text)
    {
        var e = Assert.Throws<ConfigException>(() => Parse("x = 0\n" + text));

        Assert.StartsWith("t.hocon:2:1: expected include \"file\"", e.Message, StringComparison.Ordinal);
        Assert.Contains("quote the key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuotedIncludeKeyAndIncludeAsValue_Ordinary()
    {
        var root = Parse("\"include\" : { a = 1 }\nb = include\nc = [include]\nincludes = 2");

        Assert.Equal("""{"include":{"a":1},"b":"include","c":["include"],"includes":2}""", Json(root));
    }
}
