namespace SweepCluster.Coordinator.Tests.K8s;

public sealed class ServiceUrlTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void WorkerCoordinatorUrl_PointsAtCoordinatorServicePort(string overlay)
    {
        var build = Overlays.Build(overlay);
        var urls = Overlays.Containers(build.All, K8sNames.Worker, K8sNames.WorkerContainer)
            .Select(x => Overlays.OptionValue(x.Container.Get("args").Strings(), "--coordinator"))
            .OfType<string>()
            .ToList();

        Assert.NotEmpty(urls);
        foreach (var url in urls)
        {
            AssertServiceUrl(build, new Uri(url));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void CoordinatorService_TargetPort_IsCoordinatorContainerPort(string overlay)
    {
        var build = Overlays.Build(overlay);
        var service = build.Find("Service", K8sNames.Coordinator)!;
        var coordinator = Assert.Single(Overlays.Containers(build.Resources, K8sNames.Coordinator, K8sNames.CoordinatorContainer)).Container;

        foreach (var port in service.At("spec", "ports").Items())
        {
            Assert.NotNull(ContainerPort(coordinator, port.Get("targetPort").Str() ?? port.Get("port").Str()!));
        }
    }

    [Fact]
    public void ScaledObject_Url_PointsAtCoordinatorServicePort()
    {
        var build = Overlays.Build("overlays/keda");
        var scaled = Assert.Single(build.Resources, r => r.Kind == "ScaledObject");

        foreach (var trigger in scaled.At("spec", "triggers").Items())
        {
            AssertServiceUrl(build, new Uri(trigger.At("metadata", "url").Str()!));
        }
    }

    [Fact]
    public void ServiceScrapeAnnotation_Port_IsCoordinatorContainerPort()
    {
        var build = Overlays.Build("base");
        var service = build.Find("Service", K8sNames.Coordinator)!;
        var coordinator = Assert.Single(Overlays.Containers(build.Resources, K8sNames.Coordinator, K8sNames.CoordinatorContainer)).Container;

        var port = service.At("metadata", "annotations", "prometheus.io/port").Str();

        Assert.NotNull(port);
        Assert.NotNull(ContainerPort(coordinator, port));
    }

    /// <summary>The containerPort a Service targetPort or probe port (a name or a number) resolves to, or null.</summary>
    internal static int? ContainerPort(YamlDotNet.RepresentationModel.YamlNode container, string port)
    {
        foreach (var p in container.Get("ports").Items())
        {
            var number = p.Get("containerPort").Str();
            if (p.Get("name").Str() == port || number == port)
            {
                return int.Parse(number!, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>The URL names the coordinator Service (short name or name.namespace[.svc...]) and one of its ports.</summary>
    private static void AssertServiceUrl(KustomizeBuild build, Uri url)
    {
        var service = build.Find("Service", K8sNames.Coordinator)!;
        var labels = url.Host.Split('.');
        var ns = build.Find("Namespace", "sweepcluster")!.Name;

        Assert.Equal(K8sNames.Coordinator, labels[0]);
        if (labels.Length > 1)
        {
            Assert.Equal(ns, labels[1]);
        }

        Assert.Contains(url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), service.At("spec", "ports").Items().Select(p => p.Get("port").Str()));
    }
}
