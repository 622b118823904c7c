using Microsoft.Extensions.Time.Testing;
using System.Globalization;
using System.Net;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>
/// The worker pods' probes against the agent's health endpoint: the port the agent is told to listen on (args and env read
/// by the agent's own option parser), the routes a real <see cref="AgentHealthServer"/> answers, and the images' HEALTHCHECK.
/// </summary>
public sealed class WorkerProbeTests
{
    private static readonly string[] Probes = ["startupProbe", "livenessProbe", "readinessProbe"];

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void WorkerProbes_Port_IsTheNamedPortTheAgentListensOn(string overlay)
    {
        var worker = EffectiveContainer.Of(Overlays.Build(overlay), K8sNames.Worker, K8sNames.WorkerContainer);
        var listen = HealthListen(worker);

        Assert.DoesNotContain(listen.Host, new[] { "127.0.0.1", "localhost", "[::1]" });
        foreach (var probe in Probes)
        {
            var get = worker.Base.At(probe, "httpGet");
            Assert.True(get is not null, $"{overlay}: the worker has no {probe}.httpGet");
            var port = get.Get("port").Str()!;
            Assert.False(int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out _), $"{overlay}: {probe} should name its port");
            Assert.Equal(listen.Port, ServiceUrlTests.ContainerPort(worker.Base, port));
        }
    }

    [Fact]
    public void WorkerPatches_ProbesAndPorts_LeftToTheBase()
    {
        var tree = ManifestTree.LoadRepository();
        var overlays = tree.Documents.Where(d => !d.File.StartsWith("base/", StringComparison.Ordinal));

        var patched = Overlays.Containers(overlays, K8sNames.Worker, K8sNames.WorkerContainer)
            .Where(x => Probes.Append("ports").Any(k => x.Container.Get(k) is not null))
            .Select(x => x.Doc.Where);

        Assert.Empty(patched);
    }

    [Fact]
    public async Task WorkerProbePaths_RealHealthEndpoint_AnswerAsTheProbesExpect()
    {
        var worker = EffectiveContainer.Of(Overlays.Build("base"), K8sNames.Worker, K8sNames.WorkerContainer);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var health = new AgentHealth(time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        await using var server = await AgentHealthServer.StartAsync("http://127.0.0.1:0", health);
        using var client = new HttpClient { BaseAddress = AgentHealthServer.BaseAddress(server) };
        var path = (string probe) => new Uri(worker.Base.At(probe, "httpGet", "path").Str()!, UriKind.Relative);

        using var unregistered = await client.GetAsync(path("readinessProbe"));
        health.Registered(TimeSpan.FromSeconds(10));
        var answers = new Dictionary<string, HttpStatusCode>();
        foreach (var probe in Probes)
        {
            using var res = await client.GetAsync(path(probe));
            answers[probe] = res.StatusCode;
        }

        health.Draining();
        time.Advance(TimeSpan.FromMinutes(2));
        using var drainingReady = await client.GetAsync(path("readinessProbe"));
        using var drainingLive = await client.GetAsync(path("livenessProbe"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unregistered.StatusCode);
        Assert.All(Probes, p => Assert.Equal(HttpStatusCode.OK, answers[p]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, drainingReady.StatusCode);
        Assert.Equal(HttpStatusCode.OK, drainingLive.StatusCode);
    }

    [Theory]
    [InlineData("GpuWorker/Dockerfile", "overlays/cpu")]
    [InlineData("GpuWorker/Dockerfile.cuda", "overlays/gpu")]
    public void WorkerImage_HealthCheck_AsksTheLivenessPathOnThePortTheImageListensOn(string path, string overlay)
    {
        var dockerfile = Dockerfile.Load(path);
        var worker = EffectiveContainer.Of(Overlays.Build(overlay), K8sNames.Worker, K8sNames.WorkerContainer);
        var env = dockerfile.Environment();
        var parse = SweepCluster.GpuWorker.Program.CreateRoot().Parse(["--coordinator", "http://c:1"]);
        var (options, error) = AgentCli.Options(parse, k => env.GetValueOrDefault(k));
        Assert.True(options?.HealthListen is not null, error ?? $"{path}: the image sets no {WorkerEnvironment.HealthListen}");
        var port = new Uri(options.HealthListen.Replace("*", "0.0.0.0", StringComparison.Ordinal)).Port;

        var check = dockerfile.HealthCheck();

        Assert.NotNull(check);
        Assert.Equal(AgentHealthServer.LivenessPath, check.Value.Path);
        Assert.Equal(worker.Base.At("livenessProbe", "httpGet", "path").Str(), check.Value.Path);
        Assert.Equal(port, check.Value.Port);
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), dockerfile.Last("EXPOSE"));
        Assert.Equal(HealthListen(worker).Port, port);
    }

    /// <summary>The health endpoint the worker container is told to serve, resolved by the agent's own option parser.</summary>
    private static Uri HealthListen(EffectiveContainer worker)
    {
        var parse = SweepCluster.GpuWorker.Program.CreateRoot().Parse([.. worker.Args]);
        Assert.Empty(parse.Errors);
        var (options, error) = AgentCli.Options(parse, worker.Variable);
        Assert.True(options is not null, error);
        Assert.True(options.HealthListen is not null, "the worker container enables no health endpoint (--health-listen)");
        return new Uri(options.HealthListen.Replace("*", "0.0.0.0", StringComparison.Ordinal));
    }
}
