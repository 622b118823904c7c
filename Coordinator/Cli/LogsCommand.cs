using System.CommandLine;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Training.Command;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// <c>logs TRIAL [FILE] [--attempt N] [--follow] [--storage S]</c>: prints an attempt's <c>stdout.log</c>,
/// <c>stderr.log</c> and <c>train.log</c> from the trial's folder; <c>--follow</c> keeps printing until the trial ends.
/// With <c>--coordinator URL</c> (or <c>SWEEP_COORDINATOR</c>) they come from that coordinator's artifact store instead
/// (<see cref="RemoteLogs"/>), read with <c>--token</c> (or <c>SWEEP_READ_TOKEN</c>) when it requires one.
/// </summary>
internal sealed class LogsCommand(TimeSpan? followInterval = null) : ICliVerb
{
    private static readonly TrialStatus[] Ended = [TrialStatus.Completed, TrialStatus.Stopped, TrialStatus.Failed, TrialStatus.Dead, TrialStatus.Cancelled];
    private readonly TimeSpan _interval = followInterval ?? TimeSpan.FromMilliseconds(500);

    public string Name => "logs";

    public Command Build(CliContext context)
    {
        var trial = new Argument<string>("trial") { Description = "The trial: its key as the leaderboard shows it (or a unique prefix), or its id." };
        var file = new Argument<string?>("file") { Description = "A sweep file: its cluster.storage is used.", Arity = ArgumentArity.ZeroOrOne };
        var attempt = new Option<int?>("--attempt") { Description = "Which attempt (default: the trial's current one)." };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the trial ends." };
        var storage = new Option<string?>("--storage") { Description = "The store (sqlite:FILE); default the file's cluster.storage or sqlite:sweeps.db." };
        var coordinator = new Option<string?>("--coordinator") { Description = "Read from this coordinator's artifact store (cluster mode); env SWEEP_COORDINATOR." };
        var token = new Option<string?>("--token") { Description = "Bearer token for --coordinator when reads need one; env SWEEP_READ_TOKEN." };
        var command = new Command(Name, "Print a trial's logs (stdout, stderr, trainer log) for one attempt.") { trial, file, attempt, follow, storage, coordinator, token };
        command.SetAction((parse, ct) =>
        {
            var url = parse.GetValue(coordinator) ?? (parse.GetValue(storage) is null && parse.GetValue(file) is null ? Environment.GetEnvironmentVariable("SWEEP_COORDINATOR") : null);
            return url is null
                ? ExecuteAsync(context, parse.GetValue(trial)!, parse.GetValue(file), parse.GetValue(attempt), parse.GetValue(follow), parse.GetValue(storage), ct)
                : ExecuteRemoteAsync(context, url, parse.GetValue(token) ?? Environment.GetEnvironmentVariable("SWEEP_READ_TOKEN"), parse.GetValue(trial)!, parse.GetValue(attempt), parse.GetValue(follow), ct);
        });
        return command;
    }

    private async Task<int> ExecuteAsync(CliContext context, string trialId, string? path, int? attempt, bool follow, string? storage, CancellationToken ct)
    {
        if (attempt is < 1)
            throw new ConfigException($"--attempt: expected a positive number, found {attempt}");
        var file = path is null ? null : SweepFileLoader.Load(path);
        var store = storage ?? file?.Cluster.Storage ?? new ClusterConfig().Storage;
        await using var sweeps = await SweepStores.OpenAsync(store, ct);
        var trial = await FindTrialAsync(sweeps, trialId, file?.Sweep.Name, ct)
            ?? throw new ConfigException($"trial: no trial '{trialId}' in {store} ('leaderboard' lists the trials)");
        var dir = await TrialDirAsync(sweeps, trial, ct);
        var attempts = TrialLogs.Attempts(dir);
        var chosen = attempt ?? (attempts.Contains(trial.Attempt) || follow || attempts.Count == 0 ? trial.Attempt : attempts[^1]);
        if (!follow && !attempts.Contains(chosen))
        {
            var have = attempts.Count == 0 ? "no logs yet" : "logs for attempt(s) " + string.Join(", ", attempts);
            if (attempt is not null)
                throw new ConfigException($"--attempt: trial '{trialId}' has {have}");
            await context.Error.WriteLineAsync($"trial '{trialId}' has {have} (in {dir})");
            return 0;
        }

        if (!follow)
        {
            var files = TrialLogs.Files(TrialLogs.AttemptDir(dir, chosen)).Where(f => new FileInfo(f).Length > 0).ToList();
            foreach (var log in files)
            {
                if (files.Count > 1)
                    await context.Out.WriteLineAsync($"==> attempt {chosen}: {Path.GetFileName(log)} <==");
                await context.Out.WriteAsync(new LogTail(log).ReadNew(flush: true));
            }

            return 0;
        }

        return await FollowAsync(context, sweeps, trial, dir, chosen, pinned: attempt is not null, ct);
    }

    private async Task<int> ExecuteRemoteAsync(CliContext context, string url, string? token, string trialId, int? attempt, bool follow, CancellationToken ct)
    {
        if (attempt is < 1)
            throw new ConfigException($"--attempt: expected a positive number, found {attempt}");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigException($"--coordinator: expected an http(s) URL, found '{url}'");
        using var remote = new RemoteLogs(context, uri, token, _interval);
        return await remote.RunAsync(trialId, attempt, follow, ct);
    }

    private async Task<int> FollowAsync(CliContext context, ISweepStore sweeps, TrialRecord trial, string dir, int chosen, bool pinned, CancellationToken ct)
    {
        var tails = new Dictionary<string, LogTail>(StringComparer.Ordinal);
        string? current = null;
        while (true)
        {
            trial = await sweeps.GetTrialAsync(trial.Id, ct) ?? trial;
            var ended = Ended.Contains(trial.Status) || (pinned && trial.Attempt > chosen);
            foreach (var log in TrialLogs.Files(TrialLogs.AttemptDir(dir, chosen)))
            {
                if (!tails.TryGetValue(log, out var tail))
                    tails[log] = tail = new LogTail(log);
                var text = tail.ReadNew(flush: ended || trial.Attempt > chosen);
                if (text.Length == 0)
                    continue;
                if (current != log)
                    await context.Out.WriteLineAsync($"==> attempt {chosen}: {Path.GetFileName(log)} <==");
                current = log;
                await context.Out.WriteAsync(text);
            }

            await context.Out.FlushAsync(ct);
            if (ended)
                return 0;
            if (trial.Attempt > chosen)
            {
                chosen = trial.Attempt;
                tails.Clear();
                current = null;
                continue;
            }

            await Task.Delay(_interval, context.Time, ct);
        }
    }

    /// <summary>By id, else by key (as the leaderboard shows it) or a unique prefix of one, in the file's sweep when given.</summary>
    private static async Task<TrialRecord?> FindTrialAsync(ISweepStore sweeps, string text, string? sweepName, CancellationToken ct)
    {
        if (await sweeps.GetTrialAsync(text, ct) is { } byId)
            return byId;
        var matches = new List<TrialRecord>();
        foreach (var sweep in await sweeps.ListSweepsAsync(ct))
        {
            if (sweepName is not null && sweep.Name != sweepName)
                continue;
            matches.AddRange((await sweeps.GetTrialsAsync(sweep.Id, ct))
                .Where(t => t.Key.StartsWith(text, StringComparison.Ordinal) || t.Id.StartsWith(text, StringComparison.Ordinal)));
        }

        if (matches.Count > 1 && matches.Where(t => t.Key == text || t.Id == text).ToList() is [var exact])
            return exact;
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new ConfigException(
                $"trial: '{text}' matches {matches.Count} trials ({string.Join(", ", matches.Take(5).Select(t => t.Id))}); give more of the key or the sweep file"),
        };
    }

    private static async Task<string> TrialDirAsync(ISweepStore sweeps, TrialRecord trial, CancellationToken ct)
    {
        if (trial.CheckpointPath is { } path)
            return path;
        var sweep = await sweeps.GetSweepAsync(trial.SweepId, ct)
            ?? throw new ConfigException($"trial: the sweep '{trial.SweepId}' of trial '{trial.Id}' is not in the store");
        return TrialSpecFactory.CheckpointDir(SweepDefinition.FromJson(sweep.Definition), trial.Key);
    }
}
