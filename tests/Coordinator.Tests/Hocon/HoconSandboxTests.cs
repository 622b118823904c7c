using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using static SweepCluster.Coordinator.Tests.Hocon.HoconParserTests;

namespace SweepCluster.Coordinator.Tests.Hocon;

/// <summary>Text from the network reads nothing of the machine: no include, no environment (issue 19, item 1).</summary>
public sealed class HoconSandboxTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly HoconOptions Secrets = HoconOptions.Sandbox with
    {
        Environment = name => name == "SWEEP_ADMIN_TOKEN" ? "s3cret" : null,
    };

    private static string Error(string text, HoconOptions options, string? directory = null) =>
        Assert.Throws<ConfigException>(() => HoconLoader.Parse(text, "request body", options, directory)).Message;

    [Theory]
    [InlineData("a = 1\ntoken = ${?SWEEP_ADMIN_TOKEN}", "request body:2:9: substitution ${?SWEEP_ADMIN_TOKEN} is not defined")]
    [InlineData("a = 1\ntoken = ${SWEEP_ADMIN_TOKEN}", "request body:2:9: substitution ${SWEEP_ADMIN_TOKEN} is not defined")]
    [InlineData("token = \"x\"${?SWEEP_ADMIN_TOKEN}", "request body:1:12: substitution ${?SWEEP_ADMIN_TOKEN} is not defined")]
    public void Parse_SandboxedEnvironmentSubstitution_ErrorNamesPlace(string text, string expected)
    {
        var message = Error(text, Secrets);

        Assert.StartsWith(expected, message, StringComparison.Ordinal);
        Assert.Contains("cannot read the coordinator's environment", message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("include \"secret.conf\"")]
    [InlineData("include file(\"secret.conf\")")]
    [InlineData("include required(\"secret.conf\")")]
    [InlineData("include classpath(\"secret.conf\")")]
    [InlineData("include url(\"file:///etc/passwd\")")]
    [InlineData("include \"/etc/passwd\"")]
    [InlineData("a { include \"secret.conf\" }")]
    public void Parse_SandboxedInclude_ErrorBeforeReading(string text)
    {
        _dir.Write("secret.conf", "token = s3cret");

        var message = Error("x = 1\n" + text, HoconOptions.Sandbox, _dir.Path);

        Assert.Matches("^request body:2:[0-9]+: include is not allowed in a sweep submitted over the network", message);
        Assert.DoesNotContain("s3cret", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SandboxedSelfContainedSubstitutions_Resolve()
    {
        var root = HoconLoader.Parse("base = 3\na = ${base}\nb = ${?base}\nlist += 1\nlist += 2\nc = ${a}x", "request body", Secrets);

        Assert.Equal("""{"base":3,"a":3,"b":3,"list":[1,2],"c":"3x"}""", Json(root));
    }

    [Fact]
    public void LoadText_DefaultOptions_Sandboxed()
    {
        var e = Assert.Throws<ConfigException>(() => SweepFileLoader.LoadText("sweep { name = ${?HOME}, space { x = [1] } }"));

        Assert.Contains("substitution ${?HOME} is not defined in this sweep", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_NotSandboxed_EnvironmentStillFallsBack()
    {
        var file = _dir.Write("s.conf", "token = ${?SWEEP_ADMIN_TOKEN}");

        var root = HoconLoader.LoadFile(file, HoconOptions.WithoutEnvironment with { Environment = Secrets.Environment });

        Assert.Equal("s3cret", Text(root, "token"));
    }
}
