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

    /// <summary>Mount paths of the container's writable volumes.</summary>
    public IEnumerable<string> WritableMounts =>
        Base.Get("volumeMounts").Items().Where(m => m.Get("readOnly").Str() != "true").Select(m => m.Get("mountPath").Str() ?? "");
}
