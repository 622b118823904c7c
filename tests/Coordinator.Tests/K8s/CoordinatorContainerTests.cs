using SweepCluster.Coordinator.Api;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>The coordinator containers' args and environment, read by the coordinator's own command line and variable list.</summary>
public sealed class CoordinatorContainerTests
{
    [Fact]
    public void CoordinatorArgs_EveryDocument_ParseAsServe()
    {
        var tree = ManifestTree.LoadRepository();
        var containers = Overlays.Containers(tree.Documents, K8sNames.Coordinator, K8sNames.CoordinatorContainer)
            .Where(x => x.Container.Get("args") is not null)
            .ToList();

        Assert.NotEmpty(containers);
        foreach (var (doc, container) in containers)
        {
            var parse = CoordinatorCommandLine.Parse(container.Get("args").Strings());

            Assert.True(parse.Errors.Count == 0, $"{doc.Where}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Equal("serve", parse.CommandResult.Command.Name);
        }
    }

    [Fact]
    public void CoordinatorImage_DefaultCommand_ParsesAsServeOfTheManifestsFile()
    {
        var cmd = Dockerfile.ExecForm(Dockerfile.Load("Coordinator/Dockerfile").Last("CMD")!);
        var manifest = EffectiveContainer.Of(Overlays.Build("base"), K8sNames.Coordinator, K8sNames.CoordinatorContainer);

        var parse = CoordinatorCommandLine.Parse(cmd);

        Assert.Empty(parse.Errors);
        Assert.Equal("serve", parse.CommandResult.Command.Name);
        Assert.Equal(SweepFileArgument(manifest.Args), parse.GetValue<string?>("file"));
    }

    [Fact]
    public void ParseErrors_MisspelledServeOption_Reported()
    {
        Assert.NotEmpty(CoordinatorCommandLine.Parse(["serve", "x.hocon", "--read-require-token"]).Errors);
    }

    [Fact]
    public void CoordinatorEnv_EveryDocument_NamesVariablesTheCoordinatorReads()
    {
        var tree = ManifestTree.LoadRepository();

        var unknown = Overlays.Containers(tree.Documents, K8sNames.Coordinator, K8sNames.CoordinatorContainer)
            .SelectMany(x => x.Container.Get("env").Items().Select(e => (x.Doc, Name: e.Get("name").Str() ?? "")))
            .Where(e => !CoordinatorEnvironment.All.Contains(e.Name))
            .Select(e => $"{e.Doc.Where}: env {e.Name} is not read by the coordinator ({string.Join(", ", CoordinatorEnvironment.All)})");

        Assert.Empty(unknown);
    }

    /// <summary>The sweep file <c>serve</c> is given in <paramref name="args"/>.</summary>
    internal static string? SweepFileArgument(IReadOnlyList<string> args)
    {
        var parse = CoordinatorCommandLine.Parse(args);
        Assert.Empty(parse.Errors);
        return parse.GetValue<string?>("file");
    }
}
