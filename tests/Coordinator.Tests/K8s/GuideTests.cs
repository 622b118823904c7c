using System.Text.RegularExpressions;
using SweepCluster.Coordinator.Api;
using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>k8s/README.md against the files and names it talks about.</summary>
public sealed partial class GuideTests
{
    private static string Guide => File.ReadAllText(Path.Combine(SharedData.RepoRoot, "k8s", "README.md"));

    [Fact]
    public void Guide_OverlayPaths_Exist()
    {
        var paths = OverlayPath().Matches(Guide).Select(m => m.Value.StartsWith("k8s/", StringComparison.Ordinal) ? m.Value : "k8s/" + m.Value)
            .Distinct()
            .ToList();

        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.True(File.Exists(Path.Combine(SharedData.RepoRoot, p, ManifestTree.KustomizationFile)), $"{p} has no kustomization"));
        Assert.All(Overlays.Names, o => Assert.Contains($"k8s/{o}", paths));
    }

    [Fact]
    public void Guide_MetricNames_AreExported()
    {
        var names = MetricName().Matches(Guide).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains(n, MetricNames.All.Append(QueueDemandMetric.Name)));
    }

    [Fact]
    public void Guide_SweepVariables_AreReadByAProgram()
    {
        var names = Variable().Matches(Guide).Select(m => m.Value).Distinct().ToList();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains(n, WorkerEnvironment.All.Concat(CoordinatorEnvironment.All)));
    }

    [Fact]
    public void Guide_CoordinatorCommands_ParseWithTheCoordinatorsVerbs()
    {
        var commands = CoordinatorCommand().Matches(Guide).Select(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.True(commands.Count >= 3, $"found {commands.Count} coordinator commands in the guide");
        foreach (var args in commands)
        {
            var parse = CoordinatorCommandLine.Parse(args);
            Assert.True(parse.Errors.Count == 0, $"'{string.Join(' ', args)}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void Guide_DrainSection_StatesTheManifestsGraceAndProbes()
    {
        var drain = Guide[Guide.IndexOf("## What happens to trials when a node is drained", StringComparison.Ordinal)..];
        drain = drain[..drain.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var worker = EffectiveContainer.Of(Overlays.Build("base"), K8sNames.Worker, K8sNames.WorkerContainer);
        var termination = worker.Workload.PodSpec.Get("terminationGracePeriodSeconds").Str();

        Assert.Contains($"`terminationGracePeriodSeconds` ({termination} s", drain, StringComparison.Ordinal);
        Assert.Contains($"`--grace-seconds {Overlays.OptionValue(worker.Args, "--grace-seconds")}`", drain, StringComparison.Ordinal);
        Assert.Contains($"`{worker.Base.At("readinessProbe", "httpGet", "path").Str()}` turns 503", drain, StringComparison.Ordinal);
        Assert.Contains($"`{worker.Base.At("livenessProbe", "httpGet", "path").Str()}` stays 200", drain, StringComparison.Ordinal);
        Assert.Contains("PodDisruptionBudget", drain, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?:Coordinator\.dll|--project Coordinator --|Coordinator) +((?:serve|leaderboard|plan|run)\b[^`\n]*)")]
    private static partial Regex CoordinatorCommand();

    [GeneratedRegex(@"(k8s/)?overlays/[a-z0-9-]+")]
    private static partial Regex OverlayPath();

    [GeneratedRegex(@"\bsweepcluster_[a-z_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"\bSWEEP_[A-Z_]+\b")]
    private static partial Regex Variable();
}
