using SweepCluster.Coordinator.Hocon;
using static SweepCluster.Coordinator.Tests.Hocon.HoconParserTests;

namespace SweepCluster.Coordinator.Tests.Hocon;

public sealed class HoconResolverTests
{
    [Fact]
    public void Resolve_ForwardReference_Resolved()
    {
        Assert.Equal("""{"a":1,"b":1}""", Json(Parse("a = ${b}\nb = 1")));
    }

    [Fact]
    public void Resolve_SelfReferenceList_AppendsToEarlierValue()
    {
        Assert.Equal("""{"path":["a","b","c"]}""", Json(Parse("path = [a]\npath = ${path} [b]\npath = ${path} [c]")));
    }

    [Fact]
    public void Resolve_SelfReferenceString_ConcatenatesEarlierValue()
    {
        Assert.Equal("""{"s":"foobar"}""", Json(Parse("s = foo\ns = ${s}bar")));
    }

    [Fact]
    public void Resolve_SelfReferenceInsideObject_SeesEarlierField()
    {
        Assert.Equal("""{"o":{"x":[1,2]}}""", Json(Parse("o { x = [1] }\no { x = ${o.x} [2] }")));
    }

    [Fact]
    public void Resolve_PlusEquals_AppendsOrStartsList()
    {
        Assert.Equal("""{"a":[1,2],"b":[3]}""", Json(Parse("a = [1]\na += 2\nb += 3")));
    }

    [Fact]
    public void Resolve_SiblingReferencesInMergedObject_SeeFinalValue()
    {
        Assert.Equal("""{"bar":{"foo":43,"baz":43}}""", Json(Parse("bar { foo = 42, baz = ${bar.foo} }\nbar { foo = 43 }")));
    }

    [Fact]
    public void Resolve_OptionalMissing_FieldNotSetEarlierValueKept()
    {
        Assert.Equal("""{"a":"x","l":[1]}""", Json(Parse("a = x\na = ${?nope}\nb = ${?nope}\nl = [1, ${?nope}]")));
    }

    [Fact]
    public void Resolve_Cycle_ErrorNamesChain()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a = ${b}\nb = ${a}"));

        Assert.Equal("t.hocon:2:5: substitution cycle: ${b} -> ${a} -> ${b}\n  b = ${a}\n      ^", e.Message);
    }

    [Fact]
    public void Resolve_ObjectContainingItself_CycleError()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a { b = ${a} }"));

        Assert.Contains("substitution cycle", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_Missing_ErrorNamesSubstitution()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("a = ${x.y}"));

        Assert.Equal("t.hocon:1:5: could not resolve substitution ${x.y}: not found in the configuration\n  a = ${x.y}\n      ^", e.Message);
    }

    [Fact]
    public void Resolve_EnvironmentFallback_UsedWhenOnIgnoredWhenOff()
    {
        var env = new HoconOptions { Environment = name => name == "SWEEP_TOKEN" ? "s3cret" : null };

        var on = HoconLoader.Parse("t = ${SWEEP_TOKEN}\nu = ${?SWEEP_TOKEN}", "t.hocon", env);
        var off = HoconLoader.Parse("u = ${?SWEEP_TOKEN}", "t.hocon", HoconOptions.WithoutEnvironment);

        Assert.Equal("""{"t":"s3cret","u":"s3cret"}""", Json(on));
        Assert.Equal("{}", Json(off));
    }

    [Fact]
    public void Resolve_ConfigValueBeatsEnvironment()
    {
        var env = new HoconOptions { Environment = _ => "from-env" };

        Assert.Equal("""{"HOME":"x","a":"x"}""", Json(HoconLoader.Parse("HOME = x\na = ${HOME}", "t.hocon", env)));
    }

    [Fact]
    public void Resolve_SubstitutedObjectMergedWithLiteral()
    {
        Assert.Equal("""{"d":{"foo":"bar"},"y":{"foo":10,"hello":"world"}}""", Json(Parse("d { foo = bar }\ny = ${d}\ny { hello = world, foo = 10 }")));
    }
}
