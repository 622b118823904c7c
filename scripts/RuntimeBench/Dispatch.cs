using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.RuntimeBench;

/// <summary>
/// In-process dispatch (no network): W worker loops lease one no-op trial, report one metric (timed: its acknowledgement
/// means it is journaled) and complete it, through the broker and the sweep actor on the real journal. Closed loop (every
/// worker always busy) or paced to an offered rate. A warm-up sweep runs first so the JIT has settled.
/// </summary>
internal static class Dispatch
{
    public static async Task RunAsync(string storage, int trials, int workers, int warmup, double? rate)
    {
        await using var store = await SweepStores.OpenAsync(storage, CancellationToken.None);
        await using var system = await SweepSystem.StartAsync(storage, store, null, CancellationToken.None);
        var options = new RuntimeOptions { LeaseTtl = TimeSpan.FromMinutes(10) };
        await using var broker = new SweepBroker(TimeProvider.System, options);
        if (warmup > 0)
        {
            await SweepAsync(system, broker, options, "warmup", warmup, workers, null);
        }

        var (secs, latencies) = await SweepAsync(system, broker, options, "measured", trials, workers, rate);
        latencies.Sort();
        double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)(latencies.Count * q))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(storage.StartsWith("postgres", StringComparison.Ordinal) ? "postgresql" : "sqlite"),-10} {(rate is { } r ? $"paced {r:0}/s" : "closed loop"),-12} {trials,6} trials {workers,3} workers: {trials / secs,7:N0} trials/s  report p50 {P(0.5):0.0} ms  p99 {P(0.99):0.0} ms  max {latencies[^1]:0.0} ms"));
    }

    private static async Task<(double Seconds, List<double> Latencies)> SweepAsync(
        SweepSystem system, SweepBroker broker, RuntimeOptions options, string name, int trials, int workers, double? rate)
    {
        var def = new SweepDefinition
        {
            Name = $"dispatch-{name}-{Guid.NewGuid():N}"[..28],
            Task = "noop",
            Trial = JsonSerializer.SerializeToElement(new { task = "noop" }),
            Objective = new ObjectiveSpec("val_loss", ObjectiveMode.Min),
            CheckpointDir = Path.Combine(Path.GetTempPath(), "sweep-dispatch-runs"),
            MaxConcurrent = workers * 2,
            Plan = [.. Enumerable.Range(0, trials).Select(i => new PlannedTrial(i, $"k{i}", new Dictionary<string, JsonElement> { ["i"] = JsonSerializer.SerializeToElement(i) }))],
        };
        var sweep = await SweepRef.CreateAsync(system.System, def, TimeProvider.System, options, broker.SignalWork, CancellationToken.None);
        broker.Add(sweep);
        var latencies = new List<double>[workers];
        var clock = Stopwatch.StartNew();
        var perWorker = rate is { } offered ? TimeSpan.FromSeconds(workers / offered) : TimeSpan.Zero;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            var next = clock.Elapsed + TimeSpan.FromSeconds(perWorker.TotalSeconds * w / workers);
            while (!sweep.Completion.IsCompleted)
            {
                if (perWorker > TimeSpan.Zero && next > clock.Elapsed)
                {
                    await Task.Delay(next - clock.Elapsed);
                }

                next += perWorker;
                var grants = await broker.LeaseAsync($"w{w}", 1, TimeSpan.FromMilliseconds(200), CancellationToken.None);
                foreach (var g in grants)
                {
                    var start = Stopwatch.GetTimestamp();
                    await broker.ReportAsync(g.Trial, new MetricReport(1, new Dictionary<string, double> { ["val_loss"] = 0.5 }), CancellationToken.None);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    await broker.CompleteAsync(g.Trial, null, stopped: false, CancellationToken.None);
                }
            }
        })));
        return (clock.Elapsed.TotalSeconds, [.. latencies.SelectMany(l => l)]);
    }
}
