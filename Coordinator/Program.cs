using SweepCluster.Coordinator.Cli;

namespace SweepCluster.Coordinator;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await CliApp.RunAsync(args, new CliContext(Console.Out, Console.Error), cancel.Token);
    }
}
