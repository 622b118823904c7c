using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace SweepCluster.TrainBench;

/// <summary>Runs the PyTorch peer scripts of <c>../shared/bench</c> and reads their JSON line.</summary>
internal static class PeerBench
{
    /// <summary>Debian's interpreter (the one that sees python3-torch).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Best fp32 GEMM GFLOP/s per thread count from <c>matmul_peak.py</c> (n = 1024, 2048).</summary>
    public static IReadOnlyDictionary<int, double> MatmulPeak(string benchDir, IReadOnlyList<int> threads)
    {
        var peak = new Dictionary<int, double>();
        string? json = RunLast(Path.Combine(benchDir, "matmul_peak.py"),
            ["--sizes", "1024,2048", "--threads", string.Join(',', threads), "--backends", "torch", "--json"]);
        if (json is null)
        {
            return peak;
        }

        using var doc = JsonDocument.Parse(json);
        foreach (JsonElement run in doc.RootElement.GetProperty("runs").EnumerateArray())
        {
            int t = run.GetProperty("threads").GetInt32();
            foreach (JsonElement r in run.GetProperty("results").EnumerateArray())
            {
                double g = r.GetProperty("gflops_best").GetDouble();
                peak[t] = Math.Max(peak.GetValueOrDefault(t), g);
            }
        }

        return peak;
    }

    /// <summary>PyTorch's best tokens/s and GFLOP/s over <paramref name="repeats"/> runs, or null when it fails.</summary>
    public static (double Tokens, double Gflops)? Torch(string benchDir, BenchShape s, int threads, int steps, int warmup, int repeats)
    {
        (double, double)? best = null;
        for (int r = 0; r < repeats; r++)
        {
            string? json = RunLast(Path.Combine(benchDir, "torch_train_bench.py"),
            [
                "--task", s.Task, "--vocab", I(s.Vocab), "--d-model", I(s.DModel), "--heads", I(s.Heads), "--layers", I(s.Layers),
                "--ffn", I(s.Ffn), "--block", I(s.Block), "--batch", I(s.Batch), "--threads", I(threads), "--steps", I(steps),
                "--warmup", I(Math.Max(warmup, 3)), "--optimizer", "adamw", "--pos", "learned", "--act", "gelu", "--dropout", "0",
            ]);
            if (json is null)
            {
                continue;
            }

            using var doc = JsonDocument.Parse(json);
            double tokens = doc.RootElement.GetProperty("tokens_per_s").GetDouble();
            double gflops = doc.RootElement.GetProperty("gflops").GetDouble();
            if (best is null || tokens > best.Value.Item1)
            {
                best = (tokens, gflops);
            }
        }

        return best;
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string? RunLast(string script, IReadOnlyList<string> args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process? p = Process.Start(psi);
        if (p is null)
        {
            return null;
        }

        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        _ = err.Result;
        string? last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.TrimStart().StartsWith('{'));
        if (p.ExitCode != 0 || last is null)
        {
            Console.Error.WriteLine($"{Path.GetFileName(script)} failed (exit {p.ExitCode}): {err.Result.Trim().Split('\n').LastOrDefault()}");
            return null;
        }

        return last;
    }
}
