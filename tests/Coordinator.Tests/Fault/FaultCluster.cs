using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Tests.Storage.Postgres;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Fault;

/// <summary>
/// A coordinator process and worker processes on loopback for the fault tests: a 12-trial synthetic sweep, a short lease
/// TTL, last/ uploaded at every evaluation; bounded waits poll the API.
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    public const string WorkerToken = "fault-worker-token";
    public const string AdminToken = "fault-admin-token";
    public const int Trials = 12;

    private readonly List<ChildProcess> _workers = [];
    private readonly double _leaseTtl;

    private FaultCluster(string root, string storage, int port, double leaseTtl)
    {
        Root = root;
        Storage = storage;
        Port = port;
        _leaseTtl = leaseTtl;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/api/v1/") };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public string Root { get; }

    public string Storage { get; }

    public int Port { get; }

    public HttpClient Client { get; }

    public ChildProcess? Coordinator { get; private set; }

    public IReadOnlyList<ChildProcess> Workers => _workers;

    public static async Task<FaultCluster> CreateAsync(bool postgres, double leaseTtl)
    {
        var root = Directory.CreateTempSubdirectory("sweep-fault-").FullName;
        var storage = postgres
            ? "postgres:" + await PostgresTestDatabase.CreateSchemaAsync()
            : "sqlite:" + Path.Combine(root, "sweeps.db");
        await File.WriteAllTextAsync(Path.Combine(root, "fault.hocon"), SweepFile);
        return new FaultCluster(root, storage, FreePort(), leaseTtl);
    }

    /// <summary>12 small synthetic-majority trials of a few seconds each, evaluated every 10 steps.</summary>
    private const string SweepFile = """
        sweep {
          name = fault
          objective { metric = val_accuracy, mode = max }
          search { algorithm = grid }
          space {
            lr = [1e-3, 2e-3, 3e-3, 4e-3, 5e-3, 6e-3]
            d_model = [16, 24]
          }
          trial {
            task = synthetic-majority
            max_steps = 60
            eval_interval = 10
            batch_size = 8
            block_size = 17
            synthetic { seq_len = 17 }
            layers = 1
            heads = 2
            dropout = 0.0
            optimizer = adamw
          }
          scheduler { type = fifo }
          budget { max_failures_per_trial = 5 }
        }
        """;

    public async Task StartCoordinatorAsync()
    {
        Coordinator?.Dispose();
        Coordinator = ChildProcess.Start("coordinator", "Coordinator",
        [
            "serve", "fault.hocon", "--listen", $"http://127.0.0.1:{Port}", "--storage", Storage,
            "--lease-ttl", _leaseTtl.ToString(CultureInfo.InvariantCulture), "--heartbeat", "0.5", "--checkpoint-dir", Path.Combine(Root, "runs"),
        ], Root, new Dictionary<string, string> { ["SWEEP_WORKER_TOKEN"] = WorkerToken, ["SWEEP_ADMIN_TOKEN"] = AdminToken });
        await Coordinator.WaitForLineAsync(l => l.StartsWith("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
    }

    public ChildProcess StartWorker(string name)
    {
        var w = ChildProcess.Start(name, "GpuWorker",
        [
            "--coordinator", $"http://127.0.0.1:{Port}", "--token", WorkerToken, "--slots", "1", "--name", name,
            "--work-dir", Path.Combine(Root, name), "--checkpoint-upload-seconds", "0", "--grace-seconds", "10",
        ], Root);
        _workers.Add(w);
        return w;
    }

    /// <summary>The sweep's summary (trial counts by state).</summary>
    public async Task<SweepSummary?> SweepAsync()
    {
        try
        {
            using var res = await Client.GetAsync("sweeps/fault");
            return res.StatusCode == HttpStatusCode.OK ? await res.Content.ReadFromJsonAsync(WireJsonContext.Default.SweepSummary) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Polls the API until the sweep is no longer running; bounded.</summary>
    public async Task<SweepSummary> WaitForEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (await SweepAsync() is { State: not "running" } s)
            {
                return s;
            }

            try
            {
                await Task.Delay(250, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the sweep did not end within {timeout.TotalSeconds} s: {JsonSerializer.Serialize(await SweepAsync(), WireJsonContext.Default.SweepSummary!)}\n"
                    + string.Join("\n", _workers.Select(w => $"--- {w.Name}\n{w.Tail(15)}")) + $"\n--- coordinator\n{Coordinator?.Tail(15)}");
            }
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; bounded.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(200, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"not within {timeout.TotalSeconds} s: {what}");
            }
        }
    }

    public async Task<LeaderboardPage> LeaderboardAsync() =>
        (await Client.GetFromJsonAsync("sweeps/fault/leaderboard?top=1000", WireJsonContext.Default.LeaderboardPage))!;

    /// <summary>How many times each trial ended Completed or Stopped, from the store's journal (read after the coordinator stopped).</summary>
    public async Task<Dictionary<string, int>> TerminalEndsAsync()
    {
        await using var store = await SweepStores.OpenAsync(Storage, CancellationToken.None);
        var sweep = await store.FindSweepByNameAsync("fault", CancellationToken.None) ?? throw new InvalidOperationException("no sweep");
        var ends = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var e in await store.GetJournalAsync(sweep.Id, 0, CancellationToken.None))
        {
            if (e.Type is "TrialCompleted" or "TrialStopped")
            {
                using var doc = JsonDocument.Parse(e.Payload);
                if (doc.RootElement.GetProperty("status").GetString() is "Completed" or "Stopped")
                {
                    var id = doc.RootElement.GetProperty("trial").GetString()!;
                    ends[id] = ends.GetValueOrDefault(id) + 1;
                }
            }
        }

        return ends;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var w in _workers)
        {
            w.Dispose();
        }

        Coordinator?.Dispose();
        Client.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }

        await Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
