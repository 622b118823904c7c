using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.DispatchBench;

/// <summary>The coordinator side: hosts the cluster, starts the simulated workers' process and times the measured sweep.</summary>
internal static class BenchCoordinator
{
    public static async Task<string> RunAsync(BenchSettings s)
    {
        var root = Directory.CreateTempSubdirectory("dispatch-bench-").FullName;
        var postgres = s.Storage.StartsWith("postgres", StringComparison.Ordinal);
        var storage = postgres ? s.Storage : "sqlite:" + Path.Combine(root, "bench.db");
        TimedStore? timed = null;
        try
        {
            await using var host = await ClusterHost.CreateAsync(storage,
                new ApiOptions { Listen = "http://127.0.0.1:0", WorkerToken = SimulatedWorkers.Token, AdminToken = "bench-admin" },
                new RuntimeOptions(), TimeProvider.System, submit: null, CancellationToken.None, store => timed = new TimedStore(store));
            await host.StartAsync(CancellationToken.None);
            using var clients = Start(host.BaseAddress, s);
            var rounds = await WarmUpAsync(host, clients, s, root);

            var measured = await host.AddAsync(Sweep("measured", s.Trials, root), CancellationToken.None);
            timed!.Reset();
            var steal = CpuSteal.Read();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (pause, gcs) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0));
            var wall = Stopwatch.StartNew();
            await clients.StandardInput.WriteLineAsync("go");
            await clients.StandardInput.FlushAsync();
            var actor = host.Broker.Find(measured)!;
            await actor.Completion;
            wall.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var stolen = CpuSteal.Read().Since(steal);
            (pause, gcs) = (GC.GetTotalPauseDuration() - pause, GC.CollectionCount(0) - gcs);
            var stats = await Expect(clients, "result");
            await clients.WaitForExitAsync();
            var secs = wall.Elapsed.TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"{(postgres ? "postgresql" : "sqlite"),-10} trials={s.Trials} workers={s.Workers} warmup={rounds} offered={(s.Rate > 0 ? $"{s.Rate}/s" : "unpaced")} wall={secs:0.00}s throughput={s.Trials / secs:0} trials/s {stats} " +
                $"projection {timed.Summary()} coordinator-cpu={cpu.TotalSeconds / secs * 100:0}% coordinator-gc={gcs} pauses={pause.TotalMilliseconds:0}ms {stolen}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Runs warm-up sweeps until the JIT has settled: tiered compilation recompiles hot code in the background, which on
    /// two cores under this load takes several seconds and a third of a core, so a fixed warm-up measured a coordinator
    /// still compiling. A round counts as settled when the JIT took under 1 % of its wall time in both processes; at most
    /// <see cref="MaxWarmupRounds"/> rounds. Returns what the result line says of it, e.g. <c>3x5000</c>.
    /// </summary>
    private static async Task<string> WarmUpAsync(ClusterHost host, Process clients, BenchSettings s, string root)
    {
        for (var round = 1; ; round++)
        {
            var jit = JitInfo.GetCompilationTime();
            var wall = Stopwatch.StartNew();
            var warm = await host.AddAsync(Sweep("warmup", s.Warmup, root), CancellationToken.None);
            await clients.StandardInput.WriteLineAsync("warm");
            await clients.StandardInput.FlushAsync();
            var theirs = double.Parse(await Expect(clients, "warmed"), CultureInfo.InvariantCulture);
            await host.Broker.Find(warm)!.Completion;
            var ours = SimulatedWorkers.JitShare(JitInfo.GetCompilationTime() - jit, wall.Elapsed);
            var settled = ours < SettledJitShare && theirs < SettledJitShare;
            if (settled || round == MaxWarmupRounds)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{round}x{s.Warmup}{(settled ? "" : "(jit-unsettled)")}");
            }
        }
    }

    /// <summary>The JIT's share of a warm-up round below which the code counts as settled.</summary>
    private const double SettledJitShare = 0.01;

    /// <summary>Most warm-up rounds run before measuring anyway.</summary>
    private const int MaxWarmupRounds = 12;

    private static SweepDefinition Sweep(string name, int trials, string root) => new()
    {
        Name = $"dispatch-bench-{name}-" + Guid.NewGuid().ToString("N")[..8],
        Task = "noop",
        Trial = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["task"] = "noop" }),
        CheckpointDir = Path.Combine(root, "runs"),
        Plan = [.. Enumerable.Range(0, trials).Select(i => new PlannedTrial(i, "t" + i.ToString(CultureInfo.InvariantCulture), new Dictionary<string, JsonElement> { ["value"] = JsonSerializer.SerializeToElement(i) }))],
    };

    /// <summary>This program again, as the simulated workers (workstation GC: a client process has no use for a server heap per core).</summary>
    private static Process Start(Uri url, BenchSettings s)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(BenchCoordinator).Assembly.Location);
        }

        foreach (var a in new[] { "--clients", url.ToString(), "--workers", $"{s.Workers}", "--warmup", $"{s.Warmup}", "--trials", $"{s.Trials}", "--rate", $"{s.Rate}" })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_gcServer"] = "0";
        return Process.Start(psi) ?? throw new InvalidOperationException("cannot start the simulated workers");
    }

    /// <summary>The next line of the workers' output, which must start with <paramref name="word"/>; the rest of it.</summary>
    private static async Task<string> Expect(Process clients, string word)
    {
        var line = await clients.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException($"the simulated workers exited (code {(clients.HasExited ? clients.ExitCode : -1)}) before '{word}'");
        return line.StartsWith(word, StringComparison.Ordinal) ? line[word.Length..].Trim()
            : throw new InvalidOperationException($"the simulated workers said '{line}', expected '{word}'");
    }
}
