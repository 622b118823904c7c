namespace SweepCluster.TrainBench;

/// <summary>
/// The training-engine benchmark. Modes:
/// <c>gemm [--threads 1,2] [--seconds 0.3] [--repeats 3]</c>: GFLOP/s of the matmul kernel on the model's shapes.
/// <c>kernels [--seconds 0.3] [--repeats 3]</c>: ns per element of the other kernels, fast and scalar.
/// <c>train [--shapes tiny,tiny-cls,small,medium] [--threads 1,2] [--steps N] [--warmup 3] [--repeats 3] [--no-torch] [--no-torchsharp] [--profile]</c>:
/// training tokens/s and GFLOP/s beside PyTorch's and the torch engine's (TorchSharp), with the fraction of the machine's GEMM peak.
/// <c>torchsharp --shapes NAME --threads N ...</c>: the torch engine's tokens/s of one shape as a JSON line (run by <c>train</c>).
/// </summary>
internal static class Program
{
    /// <summary>../shared beside the checkout (SWEEP_SHARED_DIR overrides), found from the working directory or the binary.</summary>
    private static string? SharedDir()
    {
        string? env = Environment.GetEnvironmentVariable("SWEEP_SHARED_DIR");
        if (!string.IsNullOrEmpty(env))
        {
            return Directory.Exists(env) ? env : null;
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "SweepCluster.sln")))
                {
                    string shared = Path.Combine(d.FullName, "..", "shared");
                    return Directory.Exists(shared) ? Path.GetFullPath(shared) : null;
                }
            }
        }

        return null;
    }

    public static int Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "gemm";
        var options = Options.Parse(args.Skip(1).ToArray());
        if (options is null)
        {
            return 2;
        }

        switch (mode)
        {
            case "gemm":
                GemmBench.CpuTime = Environment.GetEnvironmentVariable("BENCH_CPU_TIME") == "1";
                GemmBench.Run(options.Threads, options.Seconds, options.Repeats);
                return 0;
            case "kernels":
                KernelBench.Run(options.Seconds, options.Repeats);
                return 0;
            case "train":
                return TrainingBench.Run(options, SharedDir());
            case "torchsharp":
                return TorchSharpBench.RunChild(options);
            default:
                Console.Error.WriteLine($"unknown mode '{mode}' (expected: gemm, kernels, train, torchsharp)");
                return 2;
        }
    }
}
