using System.CommandLine;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Leaderboard;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Config;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>leaderboard [FILE] [--sweep NAME] [--top N] [--format table|json|csv] [--storage S]</c>: ranked trials from the store.</summary>
internal sealed class LeaderboardCommand : ICliVerb
{
    private static readonly string[] Formats = ["table", "json", "csv"];

    public string Name => "leaderboard";

    public Command Build(CliContext context)
    {
        var file = new Argument<string?>("file") { Description = "A sweep file: its cluster.storage and sweep name are used.", Arity = ArgumentArity.ZeroOrOne };
        var sweep = new Option<string?>("--sweep") { Description = "Only this sweep (default: every stored sweep, or the file's)." };
        var top = new Option<int?>("--top") { Description = "At most this many rows per sweep." };
        var format = new Option<string>("--format") { Description = "table | json | csv.", DefaultValueFactory = _ => "table" };
        var storage = new Option<string?>("--storage") { Description = "The store (sqlite:FILE); default the file's cluster.storage or sqlite:sweeps.db." };
        var command = new Command(Name, "Print the ranked trials of stored sweeps.") { file, sweep, top, format, storage };
        command.SetAction((parse, ct) => ExecuteAsync(context, parse.GetValue(file), parse.GetValue(sweep), parse.GetValue(top), parse.GetValue(format)!, parse.GetValue(storage), ct));
        return command;
    }

    private static async Task<int> ExecuteAsync(CliContext context, string? path, string? sweepName, int? top, string format, string? storage, CancellationToken ct)
    {
        if (!Formats.Contains(format))
        {
            throw new ConfigException($"--format: expected table, json or csv, found '{format}'");
        }

        if (top is < 1)
        {
            throw new ConfigException($"--top: expected a positive number, found {top}");
        }

        var sweepFile = path is null ? null : SweepFileLoader.Load(path);
        await using var store = await SweepStores.OpenAsync(storage ?? sweepFile?.Cluster.Storage ?? new ClusterConfig().Storage, ct);
        var name = sweepName ?? sweepFile?.Sweep.Name;
        var sweeps = await store.ListSweepsAsync(ct);
        var chosen = name is null ? sweeps : [.. sweeps.Where(s => s.Name == name)];
        if (chosen.Count == 0)
        {
            var known = sweeps.Count == 0 ? "the store holds no sweeps" : $"stored: {string.Join(", ", sweeps.Select(s => s.Name))}";
            throw new ConfigException(name is null ? $"leaderboard: {known}" : $"--sweep: no sweep named '{name}' ({known})");
        }

        var views = new List<LeaderboardView>();
        foreach (var s in chosen)
        {
            views.Add(LeaderboardFormatter.View(s, await store.GetTrialsAsync(s.Id, ct), top));
        }

        LeaderboardFormatter.Write(context.Out, views, format, context.Width);
        return 0;
    }
}
