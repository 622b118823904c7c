using SweepCluster.GpuWorker.Agent;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Tests.Agent;

public sealed class AgentCliTests
{
    private static (AgentOptions? Options, string? Error) Resolve(string args, Dictionary<string, string>? env = null)
    {
        var root = AgentCli.Build(_ => throw new InvalidOperationException("no trainer in this test"));
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        return AgentCli.Options(parse, k => env?.GetValueOrDefault(k));
    }

    [Fact]
    public void Options_CommandLine_ParsesEveryOption()
    {
        var (o, error) = Resolve("--coordinator http://c:8642 --token T --slots 3 --threads-per-slot 2 --name gpu-1 --work-dir /tmp/w --grace-seconds 5");
        Assert.Null(error);
        Assert.Equal(new Uri("http://c:8642"), o!.Coordinator);
        Assert.Equal(("T", 3, 2, "gpu-1", "/tmp/w"), (o.Token, o.Slots, o.ThreadsPerSlot, o.Name, o.WorkDir));
        Assert.Equal(TimeSpan.FromSeconds(5), o.GracePeriod);
    }

    [Fact]
    public void Options_EnvironmentOnly_UsesEnvironment()
    {
        var env = new Dictionary<string, string>
        {
            [WorkerEnvironment.Coordinator] = "http://env:1",
            [WorkerEnvironment.Token] = "E",
            [WorkerEnvironment.Slots] = "2",
        };
        var (o, _) = Resolve("", env);
        Assert.Equal(("http://env:1/", "E", 2), (o!.Coordinator.ToString(), o.Token, o.Slots));
    }

    [Fact]
    public void Options_CommandLineAndEnvironment_CommandLineWins()
    {
        var env = new Dictionary<string, string> { [WorkerEnvironment.Coordinator] = "http://env:1", [WorkerEnvironment.Token] = "E" };
        var (o, _) = Resolve("--coordinator http://cli:2 --token C", env);
        Assert.Equal(("cli", "C"), (o!.Coordinator.Host, o.Token));
    }

    [Theory]
    [InlineData("", "--coordinator")]
    [InlineData("--coordinator ftp://x", "--coordinator")]
    [InlineData("--coordinator http://x --slots 0", "--slots")]
    [InlineData("--coordinator http://x --threads-per-slot 0", "--threads-per-slot")]
    public void Options_BadValue_ErrorNamesTheOption(string args, string option)
    {
        var (o, error) = Resolve(args);
        Assert.Null(o);
        Assert.StartsWith(option + ":", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_MissingCoordinator_ExitsWithCode2()
    {
        var root = AgentCli.Build(_ => (ITrainer)null!);
        Assert.Equal(2, root.Parse("--slots 1").Invoke(new System.CommandLine.InvocationConfiguration { Error = TextWriter.Null, Output = TextWriter.Null }));
    }

    [Fact]
    public void All_ListsEveryVariableOnce()
    {
        Assert.Equal(WorkerEnvironment.All.Count, WorkerEnvironment.All.Distinct().Count());
        Assert.Contains("SWEEP_WORKER_TOKEN", WorkerEnvironment.All);
        Assert.Contains("SWEEP_COORDINATOR", WorkerEnvironment.All);
    }
}
