using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Tests.Api;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>The manifests' probes, scrape path and autoscaler metrics, asked of the real API (Kestrel on loopback, fake broker).</summary>
public sealed class CoordinatorRouteTests
{
    [Theory]
    [InlineData("startupProbe")]
    [InlineData("livenessProbe")]
    [InlineData("readinessProbe")]
    public async Task CoordinatorProbe_Path_AnswersOkWithoutToken(string probe)
    {
        var build = Overlays.Build("base");
        var container = Assert.Single(Overlays.Containers(build.Resources, K8sNames.Coordinator, K8sNames.CoordinatorContainer)).Container;
        var get = container.At(probe, "httpGet");
        Assert.NotNull(get);
        Assert.NotNull(ServiceUrlTests.ContainerPort(container, get.Get("port").Str()!));
        await using var api = await ApiFixture.StartAsync(new ApiOptions { ReadRequiresToken = true });

        using var res = await api.Client.SendAsync(ApiFixture.Get(get.Get("path").Str()!, token: null));

        Assert.Equal(System.Net.HttpStatusCode.OK, res.StatusCode);
    }

    [Fact]
    public async Task ReadinessProbe_StoreFailing_Unavailable()
    {
        var build = Overlays.Build("base");
        var container = Assert.Single(Overlays.Containers(build.Resources, K8sNames.Coordinator, K8sNames.CoordinatorContainer)).Container;
        var app = ApiHost.Build(new ApiOptions { Listen = "http://127.0.0.1:0" }, new FakeBroker(), BrokenStoreSweepAdmin.Create());
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = ApiHost.BaseAddress(app) };

            using var ready = await client.GetAsync(new Uri(container.At("readinessProbe", "httpGet", "path").Str()!, UriKind.Relative));
            using var live = await client.GetAsync(new Uri(container.At("livenessProbe", "httpGet", "path").Str()!, UriKind.Relative));

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task ScrapeAnnotationAndScaledObjectUrl_Path_ServesPrometheusTextWithWorkerToken()
    {
        var service = Overlays.Build("base").Find("Service", K8sNames.Coordinator)!;
        var scaled = Assert.Single(Overlays.Build("overlays/keda").Resources, r => r.Kind == "ScaledObject");
        var paths = scaled.At("spec", "triggers").Items().Select(t => new Uri(t.At("metadata", "url").Str()!).AbsolutePath)
            .Append(service.At("metadata", "annotations", "prometheus.io/path").Str()!)
            .Distinct()
            .ToList();
        await using var api = await ApiFixture.StartAsync(new ApiOptions { ReadRequiresToken = true });

        foreach (var path in paths)
        {
            using var res = await api.Client.SendAsync(ApiFixture.Get(path, ApiFixture.WorkerToken));

            Assert.Equal(System.Net.HttpStatusCode.OK, res.StatusCode);
            Assert.Equal("text/plain", res.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task AutoscalerMetricNames_AreExportedConstantsWithOneUnlabelledSample()
    {
        var keda = Assert.Single(Overlays.Build("overlays/keda").Resources, r => r.Kind == "ScaledObject");
        var hpa = Assert.Single(Overlays.Build("overlays/hpa").Resources, r => r.Kind == "HorizontalPodAutoscaler");
        var names = keda.At("spec", "triggers").Items().Select(t => t.At("metadata", "valueLocation").Str())
            .Concat(hpa.At("spec", "metrics").Items().Select(m => m.At("external", "metric", "name").Str()))
            .ToList();
        await using var api = await ApiFixture.StartAsync();
        using var res = await api.Client.SendAsync(ApiFixture.Get("metrics"));
        var lines = (await res.Content.ReadAsStringAsync()).Split('\n');

        Assert.Equal(2, names.Count);
        foreach (var name in names)
        {
            Assert.NotNull(name);
            Assert.Contains(name, MetricNames.All.Append(QueueDemandMetric.Name));
            Assert.Single(lines, l => l.StartsWith(name + " ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void ScaledObject_Trigger_ScalesToZeroOnTheWorkerDeployment()
    {
        var build = Overlays.Build("overlays/keda");
        var scaled = Assert.Single(build.Resources, r => r.Kind == "ScaledObject");
        var trigger = Assert.Single(scaled.At("spec", "triggers").Items());

        Assert.Equal("0", scaled.At("spec", "minReplicaCount").Str());
        Assert.NotNull(build.Find("Deployment", scaled.At("spec", "scaleTargetRef", "name").Str()!));
        Assert.Equal("metrics-api", trigger.Get("type").Str());
        Assert.Equal("prometheus", trigger.At("metadata", "format").Str());
        Assert.Equal("AverageValue", trigger.Get("metricType").Str());
        Assert.Equal("bearer", trigger.At("metadata", "authMode").Str());
        Assert.NotNull(build.Find("TriggerAuthentication", trigger.At("authenticationRef", "name").Str()!));
    }

    [Fact]
    public void Hpa_Target_IsTheWorkerDeployment()
    {
        var build = Overlays.Build("overlays/hpa");
        var hpa = Assert.Single(build.Resources, r => r.Kind == "HorizontalPodAutoscaler");

        Assert.Equal("Deployment", hpa.At("spec", "scaleTargetRef", "kind").Str());
        Assert.Equal(K8sNames.Worker, hpa.At("spec", "scaleTargetRef", "name").Str());
        Assert.Equal("External", Assert.Single(hpa.At("spec", "metrics").Items()).Get("type").Str());
    }
}
