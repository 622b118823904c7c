using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.DispatchBench;

/// <summary>
/// Dispatch benchmark: the coordinator (store, sweep actor, HTTP API on loopback) and N simulated workers that lease a
/// <c>noop</c> trial, send one report and complete it. Prints trials/s and report latency percentiles.
/// Usage: DispatchBench [--storage sqlite|postgres://…] [--trials 5000] [--workers 64].
/// </summary>
internal static class Program
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    public static async Task<int> Main(string[] args)
    {
        var storage = Arg(args, "--storage") ?? "sqlite";
        var trials = int.Parse(Arg(args, "--trials") ?? "5000", CultureInfo.InvariantCulture);
        var workers = int.Parse(Arg(args, "--workers") ?? "64", CultureInfo.InvariantCulture);
        var root = Directory.CreateTempSubdirectory("dispatch-bench-").FullName;
        var label = storage.StartsWith("postgres", StringComparison.Ordinal) ? "postgresql" : "sqlite";
        if (storage == "sqlite")
        {
            storage = "sqlite:" + Path.Combine(root, "bench.db");
        }

        try
        {
            var result = await RunAsync(storage, root, trials, workers);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-10} trials={trials} workers={workers} wall={result.Wall.TotalSeconds:0.00}s throughput={trials / result.Wall.TotalSeconds:0} trials/s " +
                $"report p50={result.P50:0.00}ms p99={result.P99:0.00}ms lease p50={result.LeaseP50:0.00}ms complete p50={result.CompleteP50:0.00}ms commits={result.Commits}"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record Result(TimeSpan Wall, double P50, double P99, double LeaseP50, double CompleteP50, long Commits);

    private static async Task<Result> RunAsync(string storage, string root, int trials, int workers)
    {
        await using var host = await ClusterHost.CreateAsync(storage,
            new ApiOptions { Listen = "http://127.0.0.1:0", WorkerToken = "bench", AdminToken = "bench-admin" },
            new RuntimeOptions(), TimeProvider.System, submit: null, CancellationToken.None);
        await host.StartAsync(CancellationToken.None);
        var sweepId = await host.AddAsync(new SweepDefinition
        {
            Name = "dispatch-bench-" + Guid.NewGuid().ToString("N")[..8],
            Task = "noop",
            Trial = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["task"] = "noop" }),
            CheckpointDir = Path.Combine(root, "runs"),
            Plan = [.. Enumerable.Range(0, trials).Select(i => new PlannedTrial(i, "t" + i.ToString(CultureInfo.InvariantCulture), new Dictionary<string, JsonElement> { ["value"] = JsonSerializer.SerializeToElement(i) }))],
        }, CancellationToken.None);
        var actor = host.Broker.Find(sweepId)!;

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = workers * 2 };
        using var http = new HttpClient(handler) { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench");
        var reports = new List<double>[workers];
        var leases = new List<double>[workers];
        var completes = new List<double>[workers];
        using var done = new CancellationTokenSource();
        _ = actor.Completion.ContinueWith(_ => done.Cancel(), TaskScheduler.Default);
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            (reports[w], leases[w], completes[w]) = ([], [], []);
            var reg = await PostAsync(http, "workers", new RegisterWorkerRequest { Protocol = 1, Name = "sim" + w, Slots = 1 }, Wire.RegisterWorkerRequest);
            var id = JsonSerializer.Deserialize(reg, Wire.RegisterWorkerResponse)!.WorkerId;
            while (!done.IsCancellationRequested)
            {
                var t0 = Stopwatch.GetTimestamp();
                byte[] body;
                try
                {
                    body = await PostAsync(http, $"workers/{id}/lease", new LeaseRequest { Protocol = 1, FreeSlots = 1, WaitSeconds = 1 }, Wire.LeaseRequest, done.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (body.Length == 0)
                {
                    continue;
                }

                leases[w].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                foreach (var a in JsonSerializer.Deserialize(body, Wire.LeaseResponse)!.Assignments)
                {
                    var metrics = new MetricReport(0, new Dictionary<string, double> { ["val_loss"] = a.Spec.Settings.GetProperty("value").GetDouble() });
                    var t1 = Stopwatch.GetTimestamp();
                    await PostAsync(http, $"trials/{a.TrialId}/reports", new ReportRequest { Protocol = 1, Attempt = a.Attempt, FencingToken = a.FencingToken, Report = metrics }, Wire.ReportRequest);
                    reports[w].Add(Stopwatch.GetElapsedTime(t1).TotalMilliseconds);
                    var t2 = Stopwatch.GetTimestamp();
                    await PostAsync(http, $"trials/{a.TrialId}/complete", new CompleteRequest { Protocol = 1, Attempt = a.Attempt, FencingToken = a.FencingToken, Final = metrics }, Wire.CompleteRequest);
                    completes[w].Add(Stopwatch.GetElapsedTime(t2).TotalMilliseconds);
                }
            }
        }));
        await actor.Completion;
        wall.Stop();
        var all = reports.SelectMany(r => r).Order().ToArray();
        if (all.Length != trials)
        {
            throw new InvalidOperationException($"expected {trials} reports, got {all.Length}");
        }

        return new Result(wall.Elapsed, Percentile(all, 0.50), Percentile(all, 0.99),
            Percentile([.. leases.SelectMany(r => r).Order()], 0.50), Percentile([.. completes.SelectMany(r => r).Order()], 0.50), actor.Commits);
    }

    private static async Task<byte[]> PostAsync<T>(HttpClient http, string path, T body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct = default)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var res = await http.PostAsync(path, content, ct);
        if (!res.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: HTTP {(int)res.StatusCode} {await res.Content.ReadAsStringAsync(ct)}");
        }

        return await res.Content.ReadAsByteArrayAsync(ct);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
