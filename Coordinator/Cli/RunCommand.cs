using System.CommandLine;
using System.Runtime.InteropServices;
using SweepCluster.Coordinator.Local;
using SweepCluster.Coordinator.Sweeps.Config;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// <c>run FILE [--restart] [--storage S]</c> (the default verb): runs a sweep on in-process workers to its leaderboard;
/// resumes an unfinished sweep of the same name; Ctrl-C stops gracefully (exit 130, the next run resumes).
/// </summary>
internal sealed class RunCommand : ICliVerb
{
    public string Name => "run";

    public Command Build(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The sweep file (HOCON)." };
        var restart = new Option<bool>("--restart") { Description = "Delete the stored sweep of the same name and its checkpoints, and start afresh." };
        var storage = new Option<string?>("--storage") { Description = "Override cluster.storage (sqlite:FILE)." };
        var command = new Command(Name, "Run a sweep on local workers and print its leaderboard (the default verb).") { file, restart, storage };
        command.SetAction((parse, ct) => ExecuteAsync(context, parse.GetValue(file)!, parse.GetValue(restart), parse.GetValue(storage), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string path, bool restart, string? storage, CancellationToken ct)
    {
        var sweepFile = SweepFileLoader.Load(path);
        if (storage is not null)
        {
            sweepFile = sweepFile with { Cluster = sweepFile.Cluster with { Storage = storage } };
        }

        var live = ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected;
        var runner = new SweepRunner(context.Out, context.Time, LocalTrainers.Create(context.Time), live);

        // SIGTERM stops as gracefully as Ctrl-C: trials checkpoint and are handed back, the next run resumes
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the signal arrived while the run was already returning: nothing is left to stop
            }
        });
        return await runner.RunAsync(sweepFile, restart, stop.Token);
    }
}
