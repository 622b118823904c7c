using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Tests.Hocon;

/// <summary>Cases taken from the HOCON spec text that the parser once got wrong (issue 19, item 14).</summary>
public sealed class HoconSpecCasesTests
{
    private static HoconObject Parse(string text) => HoconParserTests.Parse(text);

    private static string Json(HoconValue value) => HoconParserTests.Json(value);

    [Fact]
    public void Parse_CommaAfterNewlineInList_Accepted()
    {
        Assert.Equal("""{"a":[1,2,3]}""", Json(Parse("a = [1\n, 2\n\n  ,3\n,]")));
    }

    [Fact]
    public void Parse_JsonCommaAfterNewlineInObject_Accepted()
    {
        Assert.Equal("""{"a":1,"b":{"c":2,"d":3}}""", Json(Parse("{\"a\": 1\n, \"b\": {\"c\": 2\n  , \"d\": 3}\n}")));
    }

    [Fact]
    public void Parse_CommaAfterNewlineWithoutRootBraces_Accepted()
    {
        Assert.Equal("""{"a":1,"b":2}""", Json(Parse("a = 1\n, b = 2")));
    }

    [Fact]
    public void Parse_DoubleCommaAfterNewline_Error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a = [1\n, , 2]"));

        Assert.StartsWith("t.hocon:2:3: expected a value or ']', found ','", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('\u001C')]
    [InlineData('\u001D')]
    [InlineData('\u001E')]
    [InlineData('\u001F')]
    [InlineData('\u00A0')]
    [InlineData('\u2007')]
    [InlineData('\u202F')]
    [InlineData('\u2028')]
    [InlineData('\uFEFF')]
    public void Parse_SpecWhitespaceAroundValue_Dropped(char ws)
    {
        var root = Parse($"a{ws}={ws}x{ws}\nb = 1{ws}2");

        Assert.Equal("x", HoconParserTests.Text(root, "a"));
        Assert.Equal($"1{ws}2", HoconParserTests.Text(root, "b"));
    }

    [Fact]
    public void Parse_NextLineCharacter_IsNotWhitespace()
    {
        var root = Parse("a = \u0085x\u0085");

        Assert.Equal("\u0085x\u0085", HoconParserTests.Text(root, "a"));
    }

    [Fact]
    public void Resolve_UndefinedOptionalSubstitutionsSeparatedBySpaces_KeepWhitespace()
    {
        var root = Parse("a = ${?nope} ${?none}\nb = ${?nope}  ${?none}\tx\nc = [${?nope} ${?none}]");

        Assert.Equal("""{"a":" ","b":"  \tx","c":[" "]}""", Json(root));
    }

    [Fact]
    public void Resolve_AdjacentUndefinedOptionalSubstitutions_NoField()
    {
        var root = Parse("a = ${?nope}${?none}\nb = 1");

        Assert.Equal("""{"b":1}""", Json(root));
    }
}
