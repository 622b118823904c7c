namespace SweepCluster.TrainBench;

/// <summary>
/// The training-engine benchmark. Modes:
/// <c>gemm [--threads 1,2] [--seconds 0.3] [--repeats 3]</c>: GFLOP/s of the matmul kernel on the model's shapes.
/// </summary>
internal static class Program
{
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
            default:
                Console.Error.WriteLine($"unknown mode '{mode}' (expected: gemm)");
                return 2;
        }
    }
}
