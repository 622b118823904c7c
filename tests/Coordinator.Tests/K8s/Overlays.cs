namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>The repository's kustomizations, resolved once per test class that needs them.</summary>
internal static class Overlays
{
    /// <summary>Every overlay a user applies.</summary>
    public static readonly string[] Names = ["overlays/cpu", "overlays/gpu", "overlays/postgres", "overlays/keda", "overlays/hpa"];

    /// <summary>xunit rows of <see cref="Names"/>.</summary>
    public static TheoryData<string> All => [.. Names];

    /// <summary>Resolves one kustomization of the repository (an overlay or the base).</summary>
    public static KustomizeBuild Build(string dir)
    {
        var tree = ManifestTree.LoadRepository();
        var problems = new List<string>();
        var k = tree.KustomizationAt(dir) ?? throw new InvalidOperationException($"no k8s/{dir}/kustomization.yaml");
        var build = KustomizeCheck.Build(tree, k, problems);
        Assert.Empty(problems);
        return build;
    }

    /// <summary>The containers of a named container in every document (resource or patch) of a workload.</summary>
    public static IEnumerable<(Manifest Doc, YamlDotNet.RepresentationModel.YamlNode Container)> Containers(
        IEnumerable<Manifest> docs, string workload, string container) =>
        docs.Where(d => d.Name == workload && d.PodSpec is not null)
            .SelectMany(d => d.Containers.Where(c => c.Get("name").Str() == container).Select(c => (d, c)));

    /// <summary>The value following an option in an argument list ("--slots", "2" → "2"), or null.</summary>
    public static string? OptionValue(IReadOnlyList<string> args, string option)
    {
        var i = args.ToList().IndexOf(option);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }
}
