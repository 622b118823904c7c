using System.Text;
using SweepCluster.Coordinator.Hocon;
using static SweepCluster.Coordinator.Tests.Hocon.HoconParserTests;

namespace SweepCluster.Coordinator.Tests.Hocon;

/// <summary>Very deep nesting is a clear error, never a stack overflow (issue 19, item 14).</summary>
public sealed class HoconDepthTests
{
    private static string Lists(int depth) => "a = " + new string('[', depth) + new string(']', depth);

    private static string Objects(int depth)
    {
        var text = new StringBuilder("a = ");
        for (var i = 0; i < depth; i++)
        {
            text.Append("{b:");
        }

        return text.Append('1').Append('}', depth).ToString();
    }

    private static string DottedKey(int segments) => string.Join('.', Enumerable.Repeat("k", segments)) + " = 1";

    [Theory]
    [InlineData(100_000)]
    [InlineData(HoconParser.MaxDepth)]
    public void Parse_ListsNestedTooDeep_ErrorNamesLimit(int depth)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(Lists(depth)));

        Assert.StartsWith($"t.hocon:1:{5 + HoconParser.MaxDepth - 1}: nested deeper than {HoconParser.MaxDepth} levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ObjectsNestedTooDeep_ErrorNamesLimit()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(Objects(100_000)));

        Assert.Contains($"nested deeper than {HoconParser.MaxDepth} levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DottedKeyTooLong_ErrorNamesLimit()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(DottedKey(100_000)));

        Assert.StartsWith($"t.hocon:1:1: nested deeper than {HoconParser.MaxDepth} levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_JustUnderTheLimit_ParsesResolvesAndConverts()
    {
        // the root object and the list under "a" take two levels
        var lists = Parse(Lists(HoconParser.MaxDepth - 1));
        var objects = Parse(Objects(HoconParser.MaxDepth - 2));
        var dotted = Parse(DottedKey(HoconParser.MaxDepth - 1));

        Assert.Equal(new string('[', HoconParser.MaxDepth - 1) + new string(']', HoconParser.MaxDepth - 1), Json(lists["a"]!));
        Assert.Equal(HoconParser.MaxDepth - 2, Json(objects["a"]!).Count(c => c == '{'));
        Assert.Equal(HoconParser.MaxDepth - 1, Json(dotted).Count(c => c == '{'));
    }
}
