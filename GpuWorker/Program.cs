using System.CommandLine;
using SweepCluster.GpuWorker.Cli;

namespace SweepCluster.GpuWorker;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var parse = CreateRoot().Parse(args);

        // The agent (root command) handles SIGTERM itself within its grace period; System.CommandLine's 2 s termination
        // timeout would abort it mid hand-back. The verbs keep the default handling.
        var config = new InvocationConfiguration();
        if (parse.CommandResult.Command is RootCommand)
        {
            config.ProcessTerminationTimeout = null;
        }

        return parse.InvokeAsync(config);
    }

    /// <summary>The root command; each verb lives in its own file under <c>Cli/</c> and is registered here.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("SweepCluster GPU worker: runs trials for a coordinator, or one trial locally.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        Agent.AgentCli.Register(root, Agent.AgentCli.Trainers(WorkerTrainers.Create(TimeProvider.System)));
        return root;
    }
}
