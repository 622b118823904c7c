namespace SweepCluster.Coordinator.Tests.K8s;

public sealed class WiringTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Overlay_SecretAndConfigMapAndClaimReferences_Resolve(string overlay)
    {
        var build = Overlays.Build(overlay);
        var faults = new List<string>();

        foreach (var doc in build.All.Where(d => d.PodSpec is not null))
        {
            var refs = doc.Containers.SelectMany(c => c.Get("env").Items())
                .Select(e => e.At("valueFrom", "secretKeyRef"))
                .Where(r => r is not null);
            foreach (var r in refs)
            {
                CheckSecretKey(build, doc.Where, r.Get("name").Str(), r.Get("key").Str(), faults);
            }

            foreach (var v in doc.PodSpec.Get("volumes").Items())
            {
                if (v.At("configMap", "name").Str() is { } cm && build.Find("ConfigMap", cm) is null)
                {
                    faults.Add($"{doc.Where}: volume {v.Get("name").Str()} names ConfigMap/{cm}, not in {overlay}");
                }

                if (v.At("persistentVolumeClaim", "claimName").Str() is { } pvc && build.Find("PersistentVolumeClaim", pvc) is null)
                {
                    faults.Add($"{doc.Where}: volume {v.Get("name").Str()} names PersistentVolumeClaim/{pvc}, not in {overlay}");
                }
            }
        }

        foreach (var auth in build.Resources.Where(r => r.Kind == "TriggerAuthentication"))
        {
            foreach (var r in auth.Root.At("spec", "secretTargetRef").Items())
            {
                CheckSecretKey(build, auth.Where, r.Get("name").Str(), r.Get("key").Str(), faults);
            }
        }

        Assert.Empty(faults);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Overlay_MountedVolumes_AreDeclared(string overlay)
    {
        var build = Overlays.Build(overlay);

        var undeclared = build.Resources.Where(d => d.PodSpec is not null)
            .SelectMany(d => d.Containers.SelectMany(c => c.Get("volumeMounts").Items().Select(m => m.Get("name").Str()))
                .Where(m => !d.PodSpec.Get("volumes").Items().Any(v => v.Get("name").Str() == m)
                    && !d.Root.At("spec", "volumeClaimTemplates").Items().Any(t => t.At("metadata", "name").Str() == m))
                .Select(m => $"{d.Where}: volumeMount {m} has no volume"));

        Assert.Empty(undeclared);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Overlay_ServiceAndDisruptionBudgetSelectors_MatchPods(string overlay)
    {
        var build = Overlays.Build(overlay);
        var podLabels = build.Resources.Where(d => d.PodSpec is not null).Select(d => d.PodLabels).ToList();

        var unmatched = build.Resources
            .Select(r => (r, selector: r.Kind switch
            {
                "Service" => r.At("spec", "selector").StringMap(),
                "PodDisruptionBudget" => r.At("spec", "selector", "matchLabels").StringMap(),
                _ => null,
            }))
            .Where(x => x.selector is not null
                && (x.selector.Count == 0 || !podLabels.Any(l => x.selector.All(kv => l.TryGetValue(kv.Key, out var v) && v == kv.Value))))
            .Select(x => x.r.Where);

        Assert.Empty(unmatched);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Overlay_WorkloadSelectors_MatchTheirTemplates(string overlay)
    {
        var build = Overlays.Build(overlay);

        var mismatched = build.Resources.Where(d => d.PodSpec is not null)
            .Where(d => d.Root.At("spec", "selector", "matchLabels").StringMap() is var sel
                && (sel.Count == 0 || !sel.All(kv => d.PodLabels.TryGetValue(kv.Key, out var v) && v == kv.Value)))
            .Select(d => d.Where);

        Assert.Empty(mismatched);
    }

    [Fact]
    public void Base_CoordinatorDeployment_OneReplicaRecreated()
    {
        var coordinator = Overlays.Build("base").Find("Deployment", K8sNames.Coordinator)!;

        Assert.Equal("1", coordinator.Root.At("spec", "replicas").Str());
        Assert.Equal("Recreate", coordinator.Root.At("spec", "strategy", "type").Str());
    }

    [Fact]
    public void Base_WorkerPods_SpreadOverNodesAndCoveredByDisruptionBudget()
    {
        var build = Overlays.Build("base");
        var worker = build.Find("Deployment", K8sNames.Worker)!;

        var terms = worker.PodSpec.At("affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution").Items()
            .Select(t => t.Get("podAffinityTerm"));
        Assert.Contains(terms, t => t.Get("topologyKey").Str() == "kubernetes.io/hostname"
            && t.At("labelSelector", "matchLabels").StringMap().All(kv => worker.PodLabels.GetValueOrDefault(kv.Key) == kv.Value));
        Assert.Contains(build.Resources, r => r.Kind == "PodDisruptionBudget"
            && r.At("spec", "selector", "matchLabels").StringMap().All(kv => worker.PodLabels.GetValueOrDefault(kv.Key) == kv.Value));
    }

    private static void CheckSecretKey(KustomizeBuild build, string where, string? name, string? key, List<string> faults)
    {
        var secret = name is null ? null : build.Find("Secret", name);
        if (secret is null)
        {
            faults.Add($"{where}: Secret/{name} is not in the build");
        }
        else if (!secret.Root.Get("stringData").Keys().Concat(secret.Root.Get("data").Keys()).Contains(key))
        {
            faults.Add($"{where}: Secret/{name} has no key '{key}'");
        }
    }
}
