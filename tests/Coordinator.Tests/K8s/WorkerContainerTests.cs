using System.Globalization;
using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>The worker containers' args and environment, read by the worker's own command line and variable list.</summary>
public sealed class WorkerContainerTests
{
    [Fact]
    public void WorkerArgs_EveryDocument_ParseWithWorkerCommandLine()
    {
        var tree = ManifestTree.LoadRepository();
        var containers = Overlays.Containers(tree.Documents, K8sNames.Worker, K8sNames.WorkerContainer)
            .Where(x => x.Container.Get("args") is not null)
            .ToList();

        Assert.NotEmpty(containers);
        foreach (var (doc, container) in containers)
        {
            var errors = ParseErrors(container.Get("args").Strings());
            Assert.True(errors.Count == 0, $"{doc.Where}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public void ParseErrors_MisspelledOption_Reported()
    {
        Assert.NotEmpty(ParseErrors(["--coordinator", "http://x:1", "--threads-per-slots", "4"]));
    }

    [Fact]
    public void WorkerEnv_EveryDocument_NamesVariablesTheWorkerReads()
    {
        var tree = ManifestTree.LoadRepository();

        var unknown = Overlays.Containers(tree.Documents, K8sNames.Worker, K8sNames.WorkerContainer)
            .SelectMany(x => x.Container.Get("env").Items().Select(e => (x.Doc, Name: e.Get("name").Str() ?? "")))
            .Where(e => !WorkerEnvironment.All.Contains(e.Name))
            .Select(e => $"{e.Doc.Where}: env {e.Name} is not read by the worker ({string.Join(", ", WorkerEnvironment.All)})");

        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void WorkerOptions_Overlay_ResolveWithTokenWorkDirAndGraceInsideTermination(string overlay)
    {
        var build = Overlays.Build(overlay);
        var worker = EffectiveContainer.Of(build, K8sNames.Worker, K8sNames.WorkerContainer);

        var options = Resolve(worker);

        Assert.NotNull(options.Token);
        Assert.Contains(worker.WritableMounts, m => options.WorkDir == m || options.WorkDir.StartsWith(m + "/", StringComparison.Ordinal));
        var termination = double.Parse(worker.Workload.PodSpec.Get("terminationGracePeriodSeconds").Str()!, CultureInfo.InvariantCulture);
        Assert.True(options.GracePeriod.TotalSeconds + 10 <= termination,
            $"{overlay}: the worker's grace period ({options.GracePeriod.TotalSeconds} s) must end at least 10 s before terminationGracePeriodSeconds ({termination})");
        Assert.Equal(K8sNames.Coordinator, options.Coordinator.Host);
    }

    [Fact]
    public void CpuOverlay_WorkerCpus_EqualSlotsTimesThreadsPerSlot()
    {
        var worker = EffectiveContainer.Of(Overlays.Build("overlays/cpu"), K8sNames.Worker, K8sNames.WorkerContainer);

        var options = Resolve(worker);

        Assert.NotNull(options.Slots);
        Assert.True(options.ThreadsPerSlot > 1, "the cpu overlay gives each trial several engine threads");
        var cpus = (options.Slots.Value * options.ThreadsPerSlot).ToString(CultureInfo.InvariantCulture);
        Assert.Equal(cpus, worker.Requests["cpu"]);
        Assert.Equal(cpus, worker.Limits["cpu"]);
    }

    [Theory]
    [InlineData("overlays/gpu")]
    [InlineData("overlays/postgres")]
    [InlineData("overlays/keda")]
    [InlineData("overlays/hpa")]
    public void GpuOverlays_WorkerSlots_EqualGpusPerPod(string overlay)
    {
        var worker = EffectiveContainer.Of(Overlays.Build(overlay), K8sNames.Worker, K8sNames.WorkerContainer);

        var options = Resolve(worker);

        Assert.Equal(worker.Limits["nvidia.com/gpu"], options.Slots?.ToString(CultureInfo.InvariantCulture));
    }

    private static IReadOnlyList<string> ParseErrors(IReadOnlyList<string> args) =>
        [.. SweepCluster.GpuWorker.Program.CreateRoot().Parse([.. args]).Errors.Select(e => e.Message)];

    private static AgentOptions Resolve(EffectiveContainer worker)
    {
        var parse = SweepCluster.GpuWorker.Program.CreateRoot().Parse([.. worker.Args]);
        Assert.Empty(parse.Errors);
        var (options, error) = AgentCli.Options(parse, worker.Variable);
        Assert.True(options is not null, error);
        return options;
    }
}
