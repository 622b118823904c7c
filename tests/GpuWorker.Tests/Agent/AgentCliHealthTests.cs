using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.GpuWorker.Tests.Agent;

/// <summary><c>--health-listen</c> / <c>SWEEP_HEALTH_LISTEN</c> through the agent's own option parser.</summary>
public sealed class AgentCliHealthTests
{
    [Fact]
    public void Options_NoHealthListen_NoEndpoint()
    {
        Assert.Null(Resolve("--coordinator http://c:1").Options!.HealthListen);
    }

    [Fact]
    public void Options_HealthListenOption_Kept()
    {
        Assert.Equal("http://0.0.0.0:8081", Resolve("--coordinator http://c:1 --health-listen http://0.0.0.0:8081").Options!.HealthListen);
    }

    [Fact]
    public void Options_HealthListenEnvironment_UsedUnlessOptionGiven()
    {
        var env = new Dictionary<string, string> { [WorkerEnvironment.HealthListen] = "http://0.0.0.0:9000" };

        Assert.Equal("http://0.0.0.0:9000", Resolve("--coordinator http://c:1", env).Options!.HealthListen);
        Assert.Equal("http://0.0.0.0:8081", Resolve("--coordinator http://c:1 --health-listen http://0.0.0.0:8081", env).Options!.HealthListen);
    }

    [Fact]
    public void Options_EmptyHealthListenEnvironment_NoEndpoint()
    {
        var env = new Dictionary<string, string> { [WorkerEnvironment.HealthListen] = "" };

        Assert.Null(Resolve("--coordinator http://c:1", env).Options!.HealthListen);
    }

    [Fact]
    public void Options_HealthListenWithoutPort_ErrorNamesTheOption()
    {
        var (options, error) = Resolve("--coordinator http://c:1 --health-listen http://0.0.0.0");

        Assert.Null(options);
        Assert.StartsWith("--health-listen:", error, StringComparison.Ordinal);
    }

    private static (AgentOptions? Options, string? Error) Resolve(string args, Dictionary<string, string>? env = null)
    {
        var parse = AgentCli.Build(_ => throw new InvalidOperationException("no trainer in this test")).Parse(args);
        Assert.Empty(parse.Errors);
        return AgentCli.Options(parse, k => env?.GetValueOrDefault(k));
    }
}
