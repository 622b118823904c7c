using System.Diagnostics;
using SweepCluster.Training.Kernels;

namespace SweepCluster.TrainBench;

/// <summary>GFLOP/s of <see cref="Gemm.Multiply(ComputePool, bool, bool, int, int, int, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, Span{float}, int, bool)"/> on the model's matmul shapes.</summary>
internal static class GemmBench
{
    /// <summary>Divide by process CPU time per thread instead of wall time.</summary>
    public static bool CpuTime { get; set; }

    private sealed record Case(string Name, bool TransA, bool TransB, int M, int N, int K);

    public static void Run(IReadOnlyList<int> threads, double seconds, int repeats)
    {
        var cases = new List<Case>();
        foreach ((string shape, int bt, int d, int ff, int v) in new[]
        {
            ("tiny", 512, 64, 256, 5755), ("small", 2048, 128, 512, 5755), ("medium", 2048, 256, 1024, 8000),
        })
        {
            cases.Add(new($"{shape} qkv fwd  [{bt}x{3 * d}x{d}] NT", false, true, bt, 3 * d, d));
            cases.Add(new($"{shape} fc1 fwd  [{bt}x{ff}x{d}] NT", false, true, bt, ff, d));
            cases.Add(new($"{shape} fc2 fwd  [{bt}x{d}x{ff}] NT", false, true, bt, d, ff));
            cases.Add(new($"{shape} fc1 dinp [{bt}x{d}x{ff}] NN", false, false, bt, d, ff));
            cases.Add(new($"{shape} fc1 dW   [{ff}x{d}x{bt}] TN", true, false, ff, d, bt));
            cases.Add(new($"{shape} head fwd [{bt}x{v}x{d}] NT", false, true, bt, v, d));
            cases.Add(new($"{shape} head dW  [{v}x{d}x{bt}] TN", true, false, v, d, bt));
        }

        cases.Add(new("attn scores [128x128x32] NT", false, true, 128, 128, 32));
        cases.Add(new("attn values [128x32x128] NN", false, false, 128, 32, 128));
        cases.Add(new("square 1024 NN", false, false, 1024, 1024, 1024));
        Console.WriteLine($"Gemm micro-benchmark, micro-kernel {Gemm.Isa}, best of {repeats} runs of ~{seconds:0.##} s each");
        Console.WriteLine($"{"case",-36} {string.Join(" ", threads.Select(t => $"{t + " thr GFLOP/s",16}"))}");
        foreach (Case c in cases)
        {
            float[] a = Fill(c.M * c.K, 1);
            float[] b = Fill(c.K * c.N, 2);
            float[] o = new float[c.M * c.N];
            var cells = new List<string>();
            foreach (int t in threads)
            {
                using var pool = new ComputePool(t);
                double best = 0;
                for (int r = 0; r < repeats; r++)
                {
                    best = Math.Max(best, Measure(pool, c, a, b, o, seconds));
                }

                cells.Add($"{best,16:0.0}");
            }

            Console.WriteLine($"{c.Name,-36} {string.Join(" ", cells)}");
        }
    }

    private static double Measure(ComputePool pool, Case c, float[] a, float[] b, float[] o, double seconds)
    {
        int lda = c.TransA ? c.M : c.K;
        int ldb = c.TransB ? c.K : c.N;
        Gemm.Multiply(pool, c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, o, c.N, false);
        long iterations = 0;
        using var process = Process.GetCurrentProcess();
        TimeSpan cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            Gemm.Multiply(pool, c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, o, c.N, true);
            iterations++;
        }

        double wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds / pool.Threads;

        // On a shared machine the wall clock includes time other processes held the core; with CpuTime the figure is per
        // second of our own compute (an estimate of the unloaded speed).
        return 2.0 * c.M * c.N * c.K * iterations / (CpuTime ? Math.Max(cpu, 1e-9) : wall) / 1e9;
    }

    private static float[] Fill(int length, int seed)
    {
        var rng = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)(rng.NextDouble() - 0.5);
        }

        return data;
    }
}
