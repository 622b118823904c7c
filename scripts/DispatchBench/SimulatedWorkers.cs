using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SweepCluster.Messages;

namespace SweepCluster.DispatchBench;

/// <summary>
/// The simulated workers (run in their own process): each registers with one slot, then loops lease → one report →
/// complete over one shared <see cref="HttpClient"/>. Warm-up rounds run until the coordinator side is satisfied. With a
/// rate, the measured sweep is paced: the n-th lease of the sweep is not sent before n / rate seconds (workers that train
/// between trials), so the latencies are those of the coordinator at that offered load rather than of a closed loop at
/// saturation. Talks to the coordinator side on stdin/stdout: on <c>warm</c> runs a warm-up sweep and prints
/// <c>warmed</c> with the share of it the JIT took; on <c>go</c> runs the measured sweep and prints <c>result</c> with
/// the latencies.
/// </summary>
internal static class SimulatedWorkers
{
    /// <summary>The worker bearer token both sides use.</summary>
    public const string Token = "bench";

    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    public static async Task<int> RunAsync(Uri url, int workers, int warmup, int trials, double rate)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = workers * 2, UseProxy = false, UseCookies = false, AllowAutoRedirect = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        };
        using var http = new HttpClient(handler) { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var ids = await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var body = await PostAsync(http, "workers", Json(new RegisterWorkerRequest { Protocol = 1, Name = "sim" + w, Slots = 1 }, Wire.RegisterWorkerRequest), default);
            return JsonSerializer.Deserialize(body, Wire.RegisterWorkerResponse)!.WorkerId;
        }));
        string? command;
        while ((command = Console.ReadLine()) == "warm")
        {
            var jit = JitInfo.GetCompilationTime();
            var round = Stopwatch.StartNew();
            await RunPhaseAsync(http, ids, warmup, 0);
            Console.WriteLine("warmed " + JitShare(JitInfo.GetCompilationTime() - jit, round.Elapsed).ToString("R", CultureInfo.InvariantCulture));
        }

        if (command != "go")
        {
            return 1;
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var phase = await RunPhaseAsync(http, ids, trials, rate);
        var share = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / wall.Elapsed.TotalSeconds;
        Console.WriteLine("result " + phase.Summary(trials) + string.Create(CultureInfo.InvariantCulture, $" clients-cpu={share * 100:0}%"));
        return 0;
    }

    /// <summary>The share of <paramref name="wall"/> the JIT compiler spent compiling (tier-up included).</summary>
    public static double JitShare(TimeSpan jit, TimeSpan wall) => jit / wall;

    /// <summary>Every worker loops until <paramref name="trials"/> trials are complete (then the open long polls are cancelled).</summary>
    private static async Task<Latencies> RunPhaseAsync(HttpClient http, string[] ids, int trials, double rate)
    {
        var left = trials;
        var leases = -1L;
        var clock = Stopwatch.StartNew();
        using var done = new CancellationTokenSource();
        var per = await Task.WhenAll(ids.Select(async id =>
        {
            var mine = new Latencies(trials / ids.Length * 2);
            var lease = Json(new LeaseRequest { Protocol = 1, FreeSlots = 1, WaitSeconds = 1 }, Wire.LeaseRequest);
            while (!done.IsCancellationRequested)
            {
                if (rate > 0)
                {
                    var due = TimeSpan.FromSeconds(Interlocked.Increment(ref leases) / rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due, CancellationToken.None);
                    }
                }

                var t0 = Stopwatch.GetTimestamp();
                byte[] body;
                try
                {
                    body = await PostAsync(http, $"workers/{id}/lease", lease, done.Token);
                }
                catch (OperationCanceledException) when (done.IsCancellationRequested)
                {
                    break;
                }

                if (body.Length == 0)
                {
                    continue;
                }

                mine.Lease.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                foreach (var a in JsonSerializer.Deserialize(body, Wire.LeaseResponse)!.Assignments)
                {
                    var metrics = new MetricReport(0, new Dictionary<string, double> { ["val_loss"] = a.Spec.Settings.GetProperty("value").GetDouble() });
                    var t1 = Stopwatch.GetTimestamp();
                    using (var report = Json(new ReportRequest { Protocol = 1, Attempt = a.Attempt, FencingToken = a.FencingToken, Report = metrics }, Wire.ReportRequest))
                    {
                        await PostAsync(http, $"trials/{a.TrialId}/reports", report, default);
                    }

                    mine.Report.Add(Stopwatch.GetElapsedTime(t1).TotalMilliseconds);
                    var t2 = Stopwatch.GetTimestamp();
                    using (var complete = Json(new CompleteRequest { Protocol = 1, Attempt = a.Attempt, FencingToken = a.FencingToken, Final = metrics }, Wire.CompleteRequest))
                    {
                        await PostAsync(http, $"trials/{a.TrialId}/complete", complete, default);
                    }

                    mine.Complete.Add(Stopwatch.GetElapsedTime(t2).TotalMilliseconds);
                    if (Interlocked.Decrement(ref left) == 0)
                    {
                        await done.CancelAsync();
                    }
                }
            }

            lease.Dispose();
            return mine;
        }));
        return Latencies.Merge(per);
    }

    /// <summary>A body serialized once by the source-generated context (a lease poll's is sent again and again).</summary>
    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static async Task<byte[]> PostAsync(HttpClient http, string path, HttpContent content, CancellationToken ct)
    {
        using var res = await http.PostAsync(path, content, ct);
        if (!res.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: HTTP {(int)res.StatusCode} {await res.Content.ReadAsStringAsync(ct)}");
        }

        return await res.Content.ReadAsByteArrayAsync(ct);
    }
}
