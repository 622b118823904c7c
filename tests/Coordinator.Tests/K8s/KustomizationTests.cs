namespace SweepCluster.Coordinator.Tests.K8s;

public sealed class KustomizationTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: worker
        """;

    [Fact]
    public void Problems_RepositoryK8s_None()
    {
        var problems = KustomizeCheck.Problems(ManifestTree.LoadRepository());

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("overlays/cpu")]
    [InlineData("overlays/gpu")]
    [InlineData("overlays/postgres")]
    [InlineData("overlays/keda")]
    [InlineData("overlays/hpa")]
    public void Build_Overlay_EmitsCoordinatorAndWorkersAndPatchesThem(string overlay)
    {
        var tree = ManifestTree.LoadRepository();
        var problems = new List<string>();

        var build = KustomizeCheck.Build(tree, tree.KustomizationAt(overlay)!, problems);

        Assert.Empty(problems);
        Assert.NotNull(build.Find("Namespace", "sweepcluster"));
        Assert.NotNull(build.Find("Deployment", K8sNames.Coordinator));
        Assert.NotNull(build.Find("Deployment", K8sNames.Worker));
        Assert.NotNull(build.Find("Service", K8sNames.Coordinator));
        Assert.NotEmpty(build.Patches);
    }

    [Fact]
    public void Problems_MissingResourceAndPatch_Reported()
    {
        using var temp = new TempTree()
            .With("base/kustomization.yaml", "kind: Kustomization\nresources: [gone.yaml]\npatches: [{path: nope.yaml}]\n");

        var problems = KustomizeCheck.Problems(temp.Load());

        Assert.Contains("k8s/base/kustomization.yaml: resource 'gone.yaml' does not exist", problems);
        Assert.Contains("k8s/base/kustomization.yaml: patch 'nope.yaml' does not exist", problems);
    }

    [Fact]
    public void Problems_PatchTargetMissing_Reported()
    {
        using var temp = new TempTree()
            .With("base/kustomization.yaml", "kind: Kustomization\nresources: [worker.yaml]\n")
            .With("base/worker.yaml", Deployment)
            .With("overlays/x/kustomization.yaml", "kind: Kustomization\nresources: [../../base]\npatches: [{path: p.yaml}]\n")
            .With("overlays/x/p.yaml", Deployment.Replace("name: worker", "name: wroker", StringComparison.Ordinal));

        var problem = Assert.Single(KustomizeCheck.Problems(temp.Load()));

        Assert.Equal("k8s/overlays/x/kustomization.yaml: patch k8s/overlays/x/p.yaml#0 (Deployment/wroker) targets Deployment/wroker, which is not among its resources", problem);
    }

    [Fact]
    public void Problems_PatchedContainerMissing_Reported()
    {
        using var temp = new TempTree()
            .With("base/kustomization.yaml", "kind: Kustomization\nresources: [worker.yaml]\npatches: [{path: p.yaml}]\n")
            .With("base/worker.yaml", Deployment + "\nspec: {template: {spec: {containers: [{name: worker, image: w}]}}}\n")
            .With("base/p.yaml", Deployment + "\nspec: {template: {spec: {containers: [{name: wroker, args: [x]}]}}}\n");

        var problem = Assert.Single(KustomizeCheck.Problems(temp.Load()));

        Assert.EndsWith("patches container 'wroker', which Deployment/worker does not have", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_OrphanDuplicateAndNonPlainField_Reported()
    {
        using var temp = new TempTree()
            .With("base/kustomization.yaml", "kind: Kustomization\nresources: [a.yaml, b.yaml]\nconfigMapGenerator: []\n")
            .With("base/a.yaml", Deployment)
            .With("base/b.yaml", Deployment)
            .With("base/orphan.yaml", Deployment);

        var problems = KustomizeCheck.Problems(temp.Load());

        Assert.Contains(problems, p => p.Contains("field 'configMapGenerator' is not plain kustomize", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Deployment/worker is emitted 2 times", StringComparison.Ordinal));
        Assert.Contains("k8s/base/orphan.yaml: not referenced by any kustomization (resources or patches)", problems);
    }

    [Fact]
    public void Problems_FileOutsideKustomizationRoot_Reported()
    {
        using var temp = new TempTree()
            .With("base/kustomization.yaml", "kind: Kustomization\nresources: [worker.yaml]\n")
            .With("base/worker.yaml", Deployment)
            .With("overlays/x/kustomization.yaml", "kind: Kustomization\nresources: [../../base/worker.yaml]\n");

        var problems = KustomizeCheck.Problems(temp.Load());

        Assert.Contains(problems, p => p.Contains("is a file outside the kustomization's directory", StringComparison.Ordinal));
    }
}
