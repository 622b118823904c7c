using SweepCluster.Coordinator.Hocon;
using static SweepCluster.Coordinator.Tests.Hocon.HoconParserTests;

namespace SweepCluster.Coordinator.Tests.Hocon;

public sealed class HoconIncludeTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void LoadFile_IncludeWithoutExtension_MergesConfJsonProperties()
    {
        _dir.Write("base.conf", "a = conf\nc = 1");
        _dir.Write("base.json", """{ "a": "json", "b": "json" }""");
        _dir.Write("base.properties", "a=props\np.q=2");
        var main = _dir.Write("main.conf", "include \"base\"");

        var root = HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment);

        Assert.Equal("""{"a":"conf","p":{"q":"2"},"b":"json","c":1}""", Json(root));
    }

    [Fact]
    public void LoadFile_IncludeWithOtherExtension_ReadsTheNamedFile()
    {
        _dir.Write("shared.hocon", "trial { epochs = 3 }");
        _dir.Write("shared.hocon.conf", "trial { epochs = 99 }");
        var main = _dir.Write("main.hocon", "include \"shared.hocon\"\nname = x");

        Assert.Equal("""{"trial":{"epochs":3},"name":"x"}""", Json(HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment)));
    }

    [Fact]
    public void LoadFile_IncludeInsideObject_PrefixesKeysAndSubstitutions()
    {
        _dir.Write("sub/part.conf", "x = 1\ny = ${x}\nz = ${top}");
        var main = _dir.Write("main.conf", "top = t\nouter { include file(\"sub/part.conf\") }");

        var root = HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment);

        Assert.Equal("""{"top":"t","outer":{"x":1,"y":1,"z":"t"}}""", Json(root));
    }

    [Fact]
    public void LoadFile_NestedIncludes_RelativeToIncludingFile()
    {
        _dir.Write("a/b/leaf.conf", "leaf = 1");
        _dir.Write("a/mid.conf", "include \"b/leaf.conf\"\nmid = 2");
        var main = _dir.Write("main.conf", "include \"a/mid.conf\"");

        Assert.Equal("""{"leaf":1,"mid":2}""", Json(HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment)));
    }

    [Fact]
    public void LoadFile_MissingOptionalInclude_Ignored()
    {
        var main = _dir.Write("main.conf", "include \"nothere\"\na = 1");

        Assert.Equal("""{"a":1}""", Json(HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment)));
    }

    [Fact]
    public void LoadFile_MissingRequiredInclude_Error()
    {
        var main = _dir.Write("main.conf", "include required(\"nothere.conf\")");

        var e = Assert.Throws<ConfigException>(() => HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment));

        Assert.StartsWith($"{main}:1:18: required include not found: {Path.Combine(_dir.Path, "nothere.conf")}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_RequiredFileInclude_Included()
    {
        _dir.Write("part.conf", "p = 1");
        var main = _dir.Write("main.conf", "include required(file(\"part.conf\"))\nq = ${p}");

        Assert.Equal("""{"p":1,"q":1}""", Json(HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment)));
    }

    [Fact]
    public void LoadFile_IncludeCycle_Error()
    {
        _dir.Write("x.conf", "include \"y.conf\"");
        _dir.Write("y.conf", "include \"x.conf\"");
        var main = Path.Combine(_dir.Path, "x.conf");

        var e = Assert.Throws<ConfigException>(() => HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment));

        Assert.Contains("include cycle: x.conf -> y.conf -> x.conf", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_ErrorInIncludedFile_NamesThatFile()
    {
        _dir.Write("bad.conf", "a = [1,,2]");
        var main = _dir.Write("main.conf", "include \"bad.conf\"");

        var e = Assert.Throws<ConfigException>(() => HoconLoader.LoadFile(main, HoconOptions.WithoutEnvironment));

        Assert.StartsWith($"{Path.Combine(_dir.Path, "bad.conf")}:1:8: expected a value or ']'", e.Message, StringComparison.Ordinal);
    }
}
