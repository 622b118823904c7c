namespace SweepCluster.Coordinator.Tests.K8s;

public sealed class ManifestParsingTests
{
    [Fact]
    public void Load_RepositoryK8s_EveryFileParses()
    {
        var tree = ManifestTree.LoadRepository();

        Assert.Empty(tree.ParseErrors);
        Assert.NotEmpty(tree.Kustomizations);
        Assert.True(tree.Documents.Count >= 10, $"only {tree.Documents.Count} documents under k8s/");
    }

    [Fact]
    public void Load_RepositoryK8s_EveryDocumentHasApiVersionKindAndName()
    {
        var tree = ManifestTree.LoadRepository();

        var incomplete = tree.Documents
            .Where(d => d.Root.Get("apiVersion").Str() is null || d.Kind.Length == 0 || d.Name.Length == 0)
            .Select(d => d.Where);

        Assert.Empty(incomplete);
    }

    [Fact]
    public void Load_MalformedYaml_ReportsFileAndPosition()
    {
        using var temp = new TempTree().With("base/bad.yaml", "kind: Service\nmetadata: {name: x\n");

        var error = Assert.Single(temp.Load().ParseErrors);

        Assert.StartsWith("k8s/base/bad.yaml:", error, StringComparison.Ordinal);
    }
}
