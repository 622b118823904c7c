using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// The agent's command line: <c>--coordinator URL --token T [--slots N] [--threads-per-slot K] [--name NAME] [--work-dir D]
/// [--grace-seconds S] [--health-listen URL]</c> on the root command, each also settable through <see cref="WorkerEnvironment"/>.
/// </summary>
internal static class AgentCli
{
    public static readonly Option<string?> Coordinator = new("--coordinator") { Description = $"coordinator base URL (env {WorkerEnvironment.Coordinator})" };
    public static readonly Option<string?> Token = new("--token") { Description = $"worker bearer token (env {WorkerEnvironment.Token})" };
    public static readonly Option<int?> Slots = new("--slots") { Description = $"trials at once; default one per GPU or cores / threads-per-slot (env {WorkerEnvironment.Slots})" };
    public static readonly Option<int?> ThreadsPerSlot = new("--threads-per-slot") { Description = $"engine threads per trial, default 1 (env {WorkerEnvironment.ThreadsPerSlot})" };
    public static readonly Option<string?> Name = new("--name") { Description = $"worker name, default the host name (env {WorkerEnvironment.Name})" };
    public static readonly Option<string?> WorkDir = new("--work-dir") { Description = $"local checkpoints and report buffer, default ./worker-data (env {WorkerEnvironment.WorkDir})" };
    public static readonly Option<double?> GraceSeconds = new("--grace-seconds") { Description = $"SIGTERM grace period, default 30 (env {WorkerEnvironment.GraceSeconds})" };

    public static readonly Option<string?> HealthListen = new("--health-listen") { Description = $"serve /healthz and /readyz on this URL, e.g. http://0.0.0.0:8081; default none (env {WorkerEnvironment.HealthListen})" };

    public static readonly Option<double?> CheckpointUploadSeconds = new("--checkpoint-upload-seconds") { Description = $"least seconds between uploads of a running trial's last/ checkpoint, default 10 (env {WorkerEnvironment.CheckpointUploadSeconds})" };

    /// <summary>A root command with only the agent's options and action (for parsing container args in tests).</summary>
    public static RootCommand Build(Func<TrialSpec, ITrainer> trainers)
    {
        var root = new RootCommand("SweepCluster GpuWorker: runs trials leased from a coordinator");
        Register(root, trainers);
        return root;
    }

    /// <summary>Adds the agent's options to <paramref name="root"/> and makes running the agent its action.</summary>
    public static void Register(RootCommand root, Func<TrialSpec, ITrainer> trainers)
    {
        foreach (var o in new Option[] { Coordinator, Token, Slots, ThreadsPerSlot, Name, WorkDir, GraceSeconds, CheckpointUploadSeconds, HealthListen })
        {
            root.Options.Add(o);
        }

        // A synchronous action: the agent handles SIGTERM itself (stop leasing, hand trials back, flush) within its grace period.
        root.SetAction(parse =>
        {
            var (options, error) = Options(parse, Environment.GetEnvironmentVariable);
            if (options is null)
            {
                Console.Error.WriteLine($"error: {error}");
                return 2;
            }

            var torch = WorkerTrainers.Capability;
            if (torch.Problem is { } problem)
            {
                Console.Error.WriteLine($"note: engine = torch trials go to other workers: {problem}");
            }

            return Run(options with { Engines = WorkerTrainers.Engines(torch) }, trainers);
        });
    }

    /// <summary>Resolves the options (command line over environment); an error names the option at fault.</summary>
    public static (AgentOptions? Options, string? Error) Options(ParseResult parse, Func<string, string?> env)
    {
        var url = parse.GetValue(Coordinator) ?? env(WorkerEnvironment.Coordinator);
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (null, $"--coordinator: an http(s) URL is required (or set {WorkerEnvironment.Coordinator}); got '{url}'");
        }

        var slots = parse.GetValue(Slots) ?? Int(env(WorkerEnvironment.Slots));
        if (slots is < 1 or > 256)
        {
            return (null, "--slots: must be between 1 and 256");
        }

        var threads = parse.GetValue(ThreadsPerSlot) ?? Int(env(WorkerEnvironment.ThreadsPerSlot)) ?? 1;
        if (threads is < 1 or > 1024)
        {
            return (null, "--threads-per-slot: must be between 1 and 1024");
        }

        var grace = parse.GetValue(GraceSeconds) ?? Dbl(env(WorkerEnvironment.GraceSeconds)) ?? 30;
        if (!double.IsFinite(grace) || grace is < 0 or > 3600)
        {
            return (null, "--grace-seconds: must be between 0 and 3600");
        }

        var upload = parse.GetValue(CheckpointUploadSeconds) ?? Dbl(env(WorkerEnvironment.CheckpointUploadSeconds)) ?? 10;
        if (!double.IsFinite(upload) || upload is < 0 or > 86_400)
        {
            return (null, "--checkpoint-upload-seconds: must be between 0 and 86400");
        }

        var health = parse.GetValue(HealthListen) ?? env(WorkerEnvironment.HealthListen);
        if (!string.IsNullOrWhiteSpace(health) && AgentHealthServer.Validate(health) is { } healthError)
        {
            return (null, healthError);
        }

        var name = parse.GetValue(Name) ?? env(WorkerEnvironment.Name) ?? Environment.MachineName;
        return (new AgentOptions
        {
            Coordinator = uri,
            Token = parse.GetValue(Token) ?? env(WorkerEnvironment.Token),
            Slots = slots,
            ThreadsPerSlot = threads,
            Name = name,
            WorkDir = parse.GetValue(WorkDir) ?? env(WorkerEnvironment.WorkDir) ?? "worker-data",
            GracePeriod = TimeSpan.FromSeconds(grace),
            LastUploadInterval = TimeSpan.FromSeconds(upload),
            HealthListen = string.IsNullOrWhiteSpace(health) ? null : health,
            Seed = name.Aggregate(17, (h, c) => unchecked((h * 31) + c)),
        }, null);
    }

    /// <summary>Trainers from the catalog; an unknown task fails its trial with a clear error.</summary>
    public static Func<TrialSpec, ITrainer> Trainers(TrainerCatalog catalog) =>
        spec => catalog.Find(spec.Task) ?? new UnknownTaskTrainer(catalog.Tasks);

    private static int Run(AgentOptions options, Func<TrialSpec, ITrainer> trainers)
    {
        using var shutdown = new CancellationTokenSource();
        void Stop(PosixSignalContext ctx)
        {
            ctx.Cancel = true;
            Console.Error.WriteLine($"{ctx.Signal}: stopping (grace period {options.GracePeriod.TotalSeconds:0} s)");
            shutdown.Cancel();
        }

        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var http = CoordinatorClient.CreateHttp(options.Coordinator);
        var gpus = GpuDiscovery.Discover();
        var agent = new WorkerAgent(options, new CoordinatorClient(http, options.Token), trainers, gpus, TimeProvider.System,
            line => Console.WriteLine(line));
        try
        {
            using var health = options.HealthListen is null ? null : AgentHealthServer.StartAsync(options.HealthListen, agent.Health).GetAwaiter().GetResult();
            return agent.RunAsync(shutdown.Token).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.Error.WriteLine($"error: the agent failed: {e}");
            return 1;
        }
    }

    private static int? Int(string? s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? Dbl(string? s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
