namespace SweepCluster.Coordinator.Tests.K8s;

public sealed class WorkloadSecurityTests
{
    [Fact]
    public void PodTemplates_SecurityContext_NonRootWithoutPrivilegeEscalation()
    {
        var tree = ManifestTree.LoadRepository();
        var workloads = tree.Documents.Where(d => d.PodSpec is not null && !IsPatch(tree, d)).ToList();
        var faults = new List<string>();

        foreach (var w in workloads)
        {
            var pod = w.PodSpec.Get("securityContext");
            if (pod.Get("runAsNonRoot").Str() != "true")
            {
                faults.Add($"{w.Where}: securityContext.runAsNonRoot must be true");
            }

            if (pod.Get("runAsUser").Str() is "0")
            {
                faults.Add($"{w.Where}: securityContext.runAsUser is root");
            }

            foreach (var c in w.Containers)
            {
                var sc = c.Get("securityContext");
                var name = c.Get("name").Str();
                if (sc.Get("allowPrivilegeEscalation").Str() != "false")
                {
                    faults.Add($"{w.Where} container {name}: allowPrivilegeEscalation must be false");
                }

                if (sc.Get("readOnlyRootFilesystem").Str() != "true")
                {
                    faults.Add($"{w.Where} container {name}: readOnlyRootFilesystem must be true");
                }

                if (!sc.At("capabilities", "drop").Strings().Contains("ALL"))
                {
                    faults.Add($"{w.Where} container {name}: capabilities.drop must hold ALL");
                }

                if (sc.Get("privileged").Str() == "true" || sc.Get("runAsNonRoot").Str() == "false")
                {
                    faults.Add($"{w.Where} container {name}: privileged or root");
                }
            }
        }

        Assert.True(workloads.Count >= 3, $"only {workloads.Count} workloads found");
        Assert.Empty(faults);
    }

    [Fact]
    public void Patches_SecurityContext_NeverWeakened()
    {
        var tree = ManifestTree.LoadRepository();

        var weakened = tree.Documents.Where(d => d.PodSpec is not null && IsPatch(tree, d))
            .SelectMany(d => d.Containers.Select(c => (d, sc: c.Get("securityContext")))
                .Where(x => x.sc.Get("allowPrivilegeEscalation").Str() == "true" || x.sc.Get("privileged").Str() == "true"
                    || x.sc.Get("readOnlyRootFilesystem").Str() == "false")
                .Select(x => x.d.Where)
                .Concat(d.PodSpec.At("securityContext", "runAsNonRoot").Str() == "false" ? [d.Where] : []));

        Assert.Empty(weakened);
    }

    [Fact]
    public void Containers_Resources_RequestCpuAndMemoryAndLimitMemory()
    {
        var tree = ManifestTree.LoadRepository();
        var faults = new List<string>();

        foreach (var w in tree.Documents.Where(d => d.PodSpec is not null))
        {
            foreach (var c in w.Containers)
            {
                var res = c.Get("resources");
                if (res is null && IsPatch(tree, w))
                {
                    continue; // a patch that leaves resources alone keeps the base's
                }

                if (res.At("requests", "cpu").Str() is null || res.At("requests", "memory").Str() is null
                    || res.At("limits", "memory").Str() is null)
                {
                    faults.Add($"{w.Where} container {c.Get("name").Str()}: needs requests.cpu, requests.memory and limits.memory");
                }
            }
        }

        Assert.Empty(faults);
    }

    [Fact]
    public void GpuOverlays_WorkerContainer_LimitsOneNvidiaGpu()
    {
        foreach (var overlay in new[] { "overlays/gpu", "overlays/postgres", "overlays/keda", "overlays/hpa" })
        {
            var build = Overlays.Build(overlay);

            var gpus = Overlays.Containers(build.Patches, K8sNames.Worker, K8sNames.WorkerContainer)
                .Select(x => x.Container.At("resources", "limits", "nvidia.com/gpu").Str())
                .OfType<string>()
                .ToList();

            Assert.True(gpus.Count == 1, $"{overlay}: expected one patch limiting nvidia.com/gpu, found {gpus.Count}");
            Assert.Equal("1", gpus[0]);
        }
    }

    [Fact]
    public void GpuOverlay_WorkerPod_ToleratesGpuTaint()
    {
        var build = Overlays.Build("overlays/gpu");

        var tolerations = build.Patches.Where(p => p.Name == K8sNames.Worker)
            .SelectMany(p => p.PodSpec.Get("tolerations").Items());

        Assert.Contains(tolerations, t => t.Get("key").Str() == "nvidia.com/gpu");
    }

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/cpu")]
    public void CpuBuilds_Workers_RequestNoGpu(string dir)
    {
        var build = Overlays.Build(dir);

        var gpu = build.All.SelectMany(d => d.Containers)
            .Where(c => c.At("resources", "limits", "nvidia.com/gpu") is not null || c.At("resources", "requests", "nvidia.com/gpu") is not null);

        Assert.Empty(gpu);
    }

    private static bool IsPatch(ManifestTree tree, Manifest doc) =>
        tree.Kustomizations.Any(k => k.Patches.OfType<string>().Any(p => tree.Resolve(k.Dir, p) == doc.File));
}
