using YamlDotNet.RepresentationModel;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>
/// The fields of one container the checks need, after an overlay's strategic-merge patches as kustomize applies them to
/// these fields: <c>args</c> replaced (a list of scalars), <c>env</c> merged by name, <c>resources</c> merged key by key.
/// Only these three; kustomize itself does the real merge.
/// </summary>
internal sealed record EffectiveContainer(
    IReadOnlyList<string> Args,
    IReadOnlyList<(string Name, YamlNode Entry)> Env,
    IReadOnlyDictionary<string, string> Requests,
    IReadOnlyDictionary<string, string> Limits,
    YamlNode Base,
    Manifest Workload)
{
    /// <summary>The container <paramref name="container"/> of <paramref name="workload"/> in <paramref name="build"/>.</summary>
    public static EffectiveContainer Of(KustomizeBuild build, string workload, string container)
    {
        var (doc, node) = Assert.Single(Overlays.Containers(build.Resources, workload, container));
        var args = node.Get("args").Strings();
        var env = node.Get("env").Items().Select(e => (e.Get("name").Str() ?? "", e)).ToList();
        var requests = new Dictionary<string, string>(node.At("resources", "requests").StringMap());
        var limits = new Dictionary<string, string>(node.At("resources", "limits").StringMap());
        foreach (var (_, patch) in Overlays.Containers(build.Patches, workload, container))
        {
            if (patch.Get("args") is { } a)
            {
                args = a.Strings();
            }

            foreach (var e in patch.Get("env").Items())
            {
                var name = e.Get("name").Str() ?? "";
                env.RemoveAll(x => x.Item1 == name);
                env.Add((name, e));
            }

            foreach (var (k, v) in patch.At("resources", "requests").StringMap())
            {
                requests[k] = v;
            }

            foreach (var (k, v) in patch.At("resources", "limits").StringMap())
            {
                limits[k] = v;
            }
        }

        return new EffectiveContainer(args, env, requests, limits, node, doc);
    }

    /// <summary>
    /// The environment as the program would see it: literal values as written, values from Secrets, ConfigMaps or the
    /// downward API as a placeholder (they exist at run time; their content is not the manifests' business).
    /// </summary>
    public string? Variable(string name)
    {
        var entry = Env.LastOrDefault(e => e.Name == name).Entry;
        return entry is null ? null : entry.Get("value").Str() ?? (entry.Get("valueFrom") is not null ? $"<{name} at run time>" : "");
    }

    /// <summary>
    /// The environment as the program would see it in <paramref name="build"/>: literal values, Secret and ConfigMap keys
    /// read from the build's objects, downward-API fields as a placeholder.
    /// </summary>
    public string? Variable(string name, KustomizeBuild build)
    {
        var entry = Env.LastOrDefault(e => e.Name == name).Entry;
        if (entry?.At("valueFrom", "secretKeyRef") is { } secret)
        {
            var obj = build.Find("Secret", secret.Get("name").Str() ?? "");
            return obj?.At("stringData", secret.Get("key").Str() ?? "").Str();
        }

        if (entry?.At("valueFrom", "configMapKeyRef") is { } cm)
        {
            return build.Find("ConfigMap", cm.Get("name").Str() ?? "")?.At("data", cm.Get("key").Str() ?? "").Str();
        }

        return Variable(name);
    }

    /// <summary>The volume mounted at <paramref name="mountPath"/>, or null.</summary>
    public YamlNode? VolumeAt(string mountPath)
    {
        var mount = Base.Get("volumeMounts").Items().FirstOrDefault(m => m.Get("mountPath").Str() == mountPath);
        return mount is null ? null : Workload.PodSpec.Get("volumes").Items().FirstOrDefault(v => v.Get("name").Str() == mount.Get("name").Str());
    }

    /// <summary>True when <paramref name="path"/> lies on one of the container's writable volumes.</summary>
    public bool IsWritable(string path) =>
        WritableMounts.Any(m => path == m || path.StartsWith(m + "/", StringComparison.Ordinal));

    /// <summary>Mount paths of the container's writable volumes.</summary>
    public IEnumerable<string> WritableMounts =>
        Base.Get("volumeMounts").Items().Where(m => m.Get("readOnly").Str() != "true").Select(m => m.Get("mountPath").Str() ?? "");
}
