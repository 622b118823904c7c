using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// <c>serve [FILE] [--listen URL] [--storage S] [--lease-ttl SECONDS] [--heartbeat SECONDS] [--checkpoint-dir D]
/// [--read-requires-token] [--shared-checkpoints]</c>: the coordinator for remote GpuWorkers, without local workers. Starts
/// FILE's sweep when given, resumes the stored running sweeps, and accepts sweeps over <c>POST /api/v1/sweeps</c>.
/// </summary>
internal sealed class ServeCommand : ICliVerb
{
    public string Name => "serve";

    public Command Build(CliContext context)
    {
        var file = new Argument<string?>("file") { Description = "A sweep file to start (its cluster block configures the coordinator).", Arity = ArgumentArity.ZeroOrOne };
        var listen = new Option<string?>("--listen") { Description = $"Listen URL (default cluster.listen, env {CoordinatorEnvironment.Listen})." };
        var storage = new Option<string?>("--storage") { Description = $"sqlite:FILE or postgres://user:pass@host:port/db (env {CoordinatorEnvironment.Storage})." };
        var ttl = new Option<double?>("--lease-ttl") { Description = "Seconds before an unrenewed lease expires (default cluster.lease_ttl)." };
        var heartbeat = new Option<double?>("--heartbeat") { Description = "Seconds between worker heartbeats (default cluster.heartbeat_interval)." };
        var checkpoints = new Option<string?>("--checkpoint-dir") { Description = "Where trials' checkpoints are kept (default cluster.checkpoint_dir)." };
        var readToken = new Option<bool>("--read-requires-token") { Description = "Read endpoints (sweeps, leaderboards, metrics) need a token too." };
        var shared = new Option<bool>("--shared-checkpoints") { Description = "The checkpoint directory is shared storage workers write to directly." };
        var command = new Command(Name, "Serve sweeps to remote GpuWorkers over HTTP (no local workers).")
        {
            file, listen, storage, ttl, heartbeat, checkpoints, readToken, shared,
        };
        command.SetAction((parse, ct) =>
        {
            var cluster = parse.GetValue(file) is { } path ? SweepFileLoader.Load(path).Cluster : new ClusterConfig();
            cluster = cluster with
            {
                Listen = parse.GetValue(listen) ?? Env(CoordinatorEnvironment.Listen) ?? cluster.Listen,
                Storage = parse.GetValue(storage) ?? Env(CoordinatorEnvironment.Storage) ?? cluster.Storage,
                LeaseTtl = Seconds(parse.GetValue(ttl), "--lease-ttl") ?? cluster.LeaseTtl,
                HeartbeatInterval = Seconds(parse.GetValue(heartbeat), "--heartbeat") ?? cluster.HeartbeatInterval,
                CheckpointDir = parse.GetValue(checkpoints) ?? cluster.CheckpointDir,
                WorkerToken = cluster.WorkerToken ?? Env(CoordinatorEnvironment.WorkerToken),
                AdminToken = cluster.AdminToken ?? Env(CoordinatorEnvironment.AdminToken),
            };
            return ServeAsync(context, cluster, parse.GetValue(file), parse.GetValue(readToken), parse.GetValue(shared), ct);
        });
        return command;
    }

    private static async Task<int> ServeAsync(CliContext context, ClusterConfig cluster, string? path, bool readToken, bool shared, CancellationToken ct)
    {
        var api = new ApiOptions
        {
            Listen = cluster.Listen,
            WorkerToken = cluster.WorkerToken,
            AdminToken = cluster.AdminToken,
            ReadRequiresToken = readToken,
            SharedCheckpoints = shared,
        };
        var runtime = new RuntimeOptions { LeaseTtl = cluster.LeaseTtl, HeartbeatInterval = cluster.HeartbeatInterval };
        var checkpointDir = Path.GetFullPath(cluster.CheckpointDir);
        ClusterHost host;
        try
        {
            host = await ClusterHost.CreateAsync(cluster.Storage, api, runtime, context.Time, (text, source) => Plan(text, source, checkpointDir), ct);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException(e.Message);
        }

        await using (host)
        {
            if (path is not null)
            {
                var file = SweepFileLoader.Load(path);
                try
                {
                    var id = await host.AddAsync(SweepDefinitions.From(file, SweepPlanner.Plan(file.Sweep)) with { CheckpointDir = checkpointDir }, ct);
                    await context.Out.WriteLineAsync($"sweep {id}: serving {file.Sweep.Name} from {path}");
                }
                catch (SweepRejected e)
                {
                    // a restart (e.g. of the coordinator's pod) after FILE's sweep ended: keep serving the others
                    await context.Error.WriteLineAsync($"warning: {path}: {e.Field}: {e.Message}; not started, serving the stored sweeps");
                }
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                try
                {
                    stop.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // the signal arrived while serve was already returning: nothing is left to stop
                }
            });
            await host.StartAsync(ct);
            await context.Out.WriteLineAsync($"listening on {host.BaseAddress.GetLeftPart(UriPartial.Authority)} (storage {Redacted(cluster.Storage)}, lease TTL {cluster.LeaseTtl.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)");
            if (api.WorkerToken is null || api.AdminToken is null)
            {
                await context.Error.WriteLineAsync($"warning: no {(api.WorkerToken is null ? CoordinatorEnvironment.WorkerToken : CoordinatorEnvironment.AdminToken)}: those endpoints are open to anyone who can reach {cluster.Listen}");
            }

            await context.Out.FlushAsync(CancellationToken.None);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                await context.Out.WriteLineAsync("stopping");
            }
        }

        return 0;
    }

    /// <summary>A posted sweep file, planned, with the coordinator's checkpoint directory.</summary>
    private static SweepDefinition Plan(string text, string source, string checkpointDir)
    {
        try
        {
            var file = SweepFileLoader.LoadText(text, source);
            var plan = SweepPlanner.Plan(file.Sweep);
            return plan.Total == 0
                ? throw new SweepRejected("sweep.space", "the plan is empty (every point was removed by the constraints)")
                : SweepDefinitions.From(file, plan) with { CheckpointDir = checkpointDir };
        }
        catch (ConfigException e)
        {
            var first = e.Message.Split('\n')[0];
            var colon = first.IndexOf(": ", StringComparison.Ordinal);
            throw new SweepRejected(colon > 0 ? first[..colon] : source, e.Message);
        }
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : null;

    private static TimeSpan? Seconds(double? value, string option) => value switch
    {
        null => null,
        > 0 and <= 86_400 => TimeSpan.FromSeconds(value.Value),
        _ => throw new ConfigException($"{option}: must be between 0 and 86400 seconds"),
    };

    private static string Redacted(string storage)
    {
        var at = storage.IndexOf('@', StringComparison.Ordinal);
        var scheme = storage.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && at > scheme ? $"{storage[..(scheme + 3)]}***{storage[at..]}" : storage;
    }
}
