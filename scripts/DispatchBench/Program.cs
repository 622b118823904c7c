using System.Globalization;

namespace SweepCluster.DispatchBench;

/// <summary>
/// Dispatch benchmark: the coordinator (store, sweep actor, HTTP API on loopback) in this process and N simulated workers
/// in a child process (this program again, with <c>--clients URL</c>), so the clients' CPU is not counted against the
/// coordinator's threads. Each worker leases a <c>noop</c> trial, sends one report and completes it. Warm-up sweeps run
/// first (connections, and the JIT until tiered compilation has settled); the measured sweep prints trials/s and report
/// latency percentiles.
/// Usage: DispatchBench [--storage sqlite|postgres://…] [--trials 5000] [--workers 64] [--warmup 5000] [--rate 0].
/// <c>--rate R</c> paces the measured sweep at R trials/s offered (0: as fast as the workers go, a closed loop).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var workers = Int(args, "--workers", 64);
        if (Arg(args, "--clients") is { } url)
        {
            return await SimulatedWorkers.RunAsync(new Uri(url), workers, Int(args, "--warmup", 5000), Int(args, "--trials", 5000), Int(args, "--rate", 0));
        }

        var storage = Arg(args, "--storage") ?? "sqlite";
        var settings = new BenchSettings(storage, Int(args, "--trials", 5000), workers, Int(args, "--warmup", 5000), Int(args, "--rate", 0));
        Console.WriteLine(await BenchCoordinator.RunAsync(settings));
        return 0;
    }

    private static int Int(string[] args, string name, int fallback) =>
        Arg(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

/// <summary>What one benchmark run does.</summary>
internal sealed record BenchSettings(
    string Storage, // sqlite (a temporary file) or a postgres:// URL
    int Trials, // trials of the measured sweep
    int Workers, // simulated workers, one slot each
    int Warmup, // trials of each warm-up sweep run before it until the JIT settles (not measured)
    int Rate); // offered load of the measured sweep in trials/s (0 = unpaced, a closed loop)
