using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Tests.Hocon;

public sealed class HoconParserTests
{
    internal static HoconObject Parse(string text) => HoconLoader.Parse(text, "t.hocon", HoconOptions.WithoutEnvironment);

    internal static string Text(HoconObject root, string path) => ((HoconScalar)root.Find(path.Split('.'))!).Text;

    internal static string Json(HoconValue value) => HoconJson.ToJsonElement(value).GetRawText();

    [Fact]
    public void Parse_CommentsAndSeparators_AllForms()
    {
        var root = Parse("# comment\na = 1 // trailing\nb : 2\nc { d = 3 }\ne = { f: 4 }, g = 5,");

        Assert.Equal("""{"a":1,"b":2,"c":{"d":3},"e":{"f":4},"g":5}""", Json(root));
    }

    [Fact]
    public void Parse_RootBraces_Optional()
    {
        Assert.Equal(Json(Parse("{ a = 1, b = [x] }")), Json(Parse("a = 1\nb = [x]")));
    }

    [Fact]
    public void Parse_ArraysWithNewlinesAndTrailingComma_Accepted()
    {
        Assert.Equal("""{"a":[1,2,3],"b":[1]}""", Json(Parse("a = [1\n2,\n3,\n]\nb = [1,]")));
    }

    [Fact]
    public void Parse_DoubleCommaInList_ErrorWithCaret()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a = [1,,2]"));

        Assert.Equal("t.hocon:1:8: expected a value or ']', found ','\n  a = [1,,2]\n         ^", e.Message);
    }

    [Fact]
    public void Parse_LeadingCommaInList_Error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a = [,1]"));

        Assert.StartsWith("t.hocon:1:6: expected a value or ']', found ','", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BracketWhereKeyExpected_NamesPosition()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("sweep {\n  a = 1\n  ]\n}"));

        Assert.Equal("t.hocon:3:3: expected a key or '}', found ']'\n    ]\n    ^", e.Message);
    }

    [Fact]
    public void Parse_DuplicateKeys_ObjectsMergeOtherwiseLaterWins()
    {
        var root = Parse("a { x = 1, y = { p = 1 } }\na { y { q = 2 } }\nb = 1\nb = 2\nc { x = 1 }\nc = 5\nd = 5\nd { x = 1 }");

        Assert.Equal("""{"a":{"x":1,"y":{"p":1,"q":2}},"b":2,"c":5,"d":{"x":1}}""", Json(root));
    }

    [Fact]
    public void Parse_KeywordPrefixOfUnquoted_SplitsButConcatenatesToString()
    {
        var root = Parse("a = truefoo\nb = true\nc = null bar 42\nd = yes");

        Assert.Equal("""{"a":"truefoo","b":true,"c":"null bar 42","d":"yes"}""", Json(root));
    }

    [Fact]
    public void Parse_QuotedStrings_JsonEscapes()
    {
        var root = Parse("""a = "x\ty\u0041\"\\" """);

        Assert.Equal("x\tyA\"\\", Text(root, "a"));
    }

    [Fact]
    public void Parse_TripleQuoted_RawWithNewlinesAndExtraQuotes()
    {
        var root = Parse("a = \"\"\"line1\\n\n\"line2\"\"\"\"\"");

        Assert.Equal("line1\\n\n\"line2\"\"", Text(root, "a"));
    }

    [Fact]
    public void Parse_Concatenation_StringsKeepInnerWhitespaceArraysJoinObjectsMerge()
    {
        var root = Parse("s = foo   bar  \"baz\"\nl = [1] [2, 3]\no = { x = 1 } { y = 2 }");

        Assert.Equal("""{"s":"foo   bar  baz","l":[1,2,3],"o":{"x":1,"y":2}}""", Json(root));
    }

    [Fact]
    public void Parse_ConcatenationOfListAndString_Error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a = [1] foo"));

        Assert.Equal("t.hocon:1:5: cannot concatenate string and list: the values on one line must be all strings, all lists or all objects\n  a = [1] foo\n      ^", e.Message);
    }

    [Fact]
    public void Parse_PathKeys_QuotedElementsKeepDotsNumbersSplit()
    {
        var root = Parse("a.b.\"c.d\" = 1\n1.5 = x\n\"e.f\" = 2");

        Assert.Equal("""{"a":{"b":{"c.d":1}},"1":{"5":"x"},"e.f":2}""", Json(root));
    }

    [Fact]
    public void Parse_UnterminatedString_Error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a = \"abc\nb = 1"));

        Assert.StartsWith("t.hocon:1:5: unterminated string (a quoted string must end on the same line)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReservedCharacterUnquoted_Error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a = b^c"));

        Assert.StartsWith("t.hocon:1:6: reserved character '^' is not allowed outside quotes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingSeparator_NamesKey()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("abc ]"));

        Assert.StartsWith("t.hocon:1:5: expected ':', '=', '+=' or '{' after key 'abc', found ']'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedObject_EndOfFile()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a {\n  b = 1\n"));

        Assert.StartsWith("t.hocon:3:1: expected a key or '}', found end of file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RootList_Error()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("[1, 2]"));

        Assert.StartsWith("t.hocon:1:1: the root of a document must be an object, found a list", e.Message, StringComparison.Ordinal);
    }
}
