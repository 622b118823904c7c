using System.CommandLine;
using SweepCluster.GpuWorker.Cli;

namespace SweepCluster.GpuWorker;

internal static class Program
{
    public static Task<int> Main(string[] args) => CreateRoot().Parse(args).InvokeAsync();

    /// <summary>The root command; each verb lives in its own file under <c>Cli/</c> and is registered here.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("SweepCluster GPU worker: runs trials for a coordinator, or one trial locally.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        Agent.AgentCli.Register(root, Agent.AgentCli.Trainers(Training.Trainer.TrainerCatalog.CreateDefault()));
        return root;
    }
}
