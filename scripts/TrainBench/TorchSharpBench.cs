using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Training.Common;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Torch;
using SweepCluster.Training.Trainer;

namespace SweepCluster.TrainBench;

/// <summary>
/// The torch engine's training throughput (<see cref="TorchTaskModel"/>: TorchSharp 0.107 + LibTorch 2.10 CPU) on the
/// same shapes, model and optimizer as <see cref="TrainingBench"/>. Measured in a child process: directly where LibTorch
/// loads, else inside the Debian 13 user space (<c>scripts/ci/in-trixie.sh</c>), which Debian 12 needs.
/// </summary>
internal static class TorchSharpBench
{
    /// <summary>Mode <c>torchsharp --shapes NAME --threads N --steps N --warmup N --repeats N</c>: prints one JSON line.</summary>
    public static int RunChild(Options o)
    {
        if (TorchProbe.Current.Problem is { } problem)
        {
            Console.Error.WriteLine(problem);
            return 1;
        }

        BenchShape shape = TrainingBench.Shapes.Single(s => s.Name == o.Shapes[0]);
        int threads = o.Threads[0];
        int steps = o.Steps > 0 ? o.Steps : shape.DefaultSteps;
        double tokens = Measure(shape, threads, steps, o.Warmup, o.Repeats);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, double> { ["tokens_per_s"] = tokens }));
        return 0;
    }

    /// <summary>Best tokens/s of the torch engine in a child process, or null (with a reason on stderr) when it cannot run.</summary>
    public static double? Peer(BenchShape shape, int threads, int steps, int warmup, int repeats)
    {
        string dll = typeof(TorchSharpBench).Assembly.Location;
        string[] args =
        [
            dll, "torchsharp", "--shapes", shape.Name, "--threads", I(threads), "--steps", I(steps), "--warmup", I(warmup), "--repeats", I(repeats),
        ];
        ProcessStartInfo psi;
        if (TorchProbe.Current.TorchUsable)
        {
            psi = new ProcessStartInfo("dotnet");
        }
        else
        {
            string script = Path.Combine(RepoRoot(dll), "scripts", "ci", "in-trixie.sh");
            psi = new ProcessStartInfo("bash");
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add("run");
            psi.ArgumentList.Add("dotnet");
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        (psi.RedirectStandardOutput, psi.RedirectStandardError, psi.UseShellExecute) = (true, true, false);
        using Process? p = Process.Start(psi);
        if (p is null)
        {
            return null;
        }

        Task<string> err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string? last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
        if (p.ExitCode != 0 || last is null)
        {
            Console.Error.WriteLine($"TorchSharp figure skipped (exit {p.ExitCode}): {err.Result.Trim().Split('\n').LastOrDefault()}");
            return null;
        }

        using var doc = JsonDocument.Parse(last);
        return doc.RootElement.GetProperty("tokens_per_s").GetDouble();
    }

    private static double Measure(BenchShape shape, int threads, int steps, int warmup, int repeats)
    {
        string task = shape.Task == "lm" ? "synthetic-induction" : "synthetic-majority";
        string json = $$"""
            {"task": "{{task}}", "d_model": {{shape.DModel}}, "heads": {{shape.Heads}}, "layers": {{shape.Layers}}, "d_ff": {{shape.Ffn}},
             "block_size": {{shape.Block}}, "batch_size": {{shape.Batch}}, "dropout": 0, "optimizer": "adamw", "engine": "torch"}
            """;
        using JsonDocument doc = JsonDocument.Parse(json);
        var errors = new List<string>();
        EngineSettings s = EngineSettingsParser.Parse(doc.RootElement, errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
        using var model = new TorchTaskModel(new ModelRequest(s, shape.Vocab, 3, shape.Batch, threads, 1, 1_000_000), "cpu");
        var rng = new Xoshiro256(7);
        var batches = new Batch[16];
        int n = shape.Batch * shape.Block;
        for (int i = 0; i < batches.Length; i++)
        {
            int[] tokens = [.. Enumerable.Range(0, n).Select(_ => 1 + rng.NextInt(shape.Vocab - 1))];
            int[] targets = [.. Enumerable.Range(0, shape.Task == "lm" ? n : shape.Batch).Select(_ => rng.NextInt(shape.Task == "lm" ? shape.Vocab : 3))];
            batches[i] = new Batch(shape.Batch, shape.Block, tokens, targets);
        }

        var warm = Stopwatch.StartNew();
        for (int i = 0; i < warmup || warm.Elapsed.TotalSeconds < 2; i++)
        {
            model.TrainStep(batches[i % batches.Length]);
        }

        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++)
            {
                model.TrainStep(batches[i % batches.Length]);
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        return (double)n * steps / best;
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string RepoRoot(string from)
    {
        for (DirectoryInfo? d = new(Path.GetDirectoryName(from)!); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "SweepCluster.sln")))
            {
                return d.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
