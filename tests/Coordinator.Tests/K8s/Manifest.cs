using YamlDotNet.RepresentationModel;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>One YAML document of a file under <c>k8s/</c>.</summary>
/// <param name="File">Path relative to the <c>k8s/</c> folder, with forward slashes.</param>
/// <param name="Index">Position of the document in its file, from 0.</param>
/// <param name="Root">The document's root mapping.</param>
internal sealed record Manifest(string File, int Index, YamlMappingNode Root)
{
    /// <summary>The object's kind (Deployment, Service, ...).</summary>
    public string Kind => Root.Get("kind").Str() ?? "";

    /// <summary>The object's metadata.name.</summary>
    public string Name => Root.At("metadata", "name").Str() ?? "";

    /// <summary>kind/name: what kustomize matches a strategic-merge patch on.</summary>
    public string Id => $"{Kind}/{Name}";

    /// <summary>Where the document is, for messages.</summary>
    public string Where => $"k8s/{File}#{Index} ({Id})";

    /// <summary>Follows a path of mapping keys from the document's root.</summary>
    public YamlNode? At(params string[] path) => Root.At(path);

    /// <summary>The pod spec of a workload's template, or null for other kinds.</summary>
    public YamlNode? PodSpec => Kind is "Deployment" or "StatefulSet" or "DaemonSet" or "Job"
        ? Root.At("spec", "template", "spec")
        : null;

    /// <summary>The containers (and init containers) of the pod template.</summary>
    public IEnumerable<YamlNode> Containers =>
        PodSpec.Get("containers").Items().Concat(PodSpec.Get("initContainers").Items());

    /// <summary>The template's labels.</summary>
    public IReadOnlyDictionary<string, string> PodLabels => Root.At("spec", "template", "metadata", "labels").StringMap();
}
