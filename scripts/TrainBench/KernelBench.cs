using System.Diagnostics;
using SweepCluster.Training.Kernels;

namespace SweepCluster.TrainBench;

/// <summary>ns per element of the non-GEMM kernels, fast versus scalar reference, on the tiny model's sizes.</summary>
internal static class KernelBench
{
    public static void Run(double seconds, int repeats)
    {
        const int n = 512 * 256;
        const int vocab = 5755;
        const int rows = 64;
        float[] x = Fill(n, 1, 3f);
        float[] dy = Fill(n, 2, 1f);
        float[] y = new float[n];
        float[] logits = Fill(rows * vocab, 3, 4f);
        float[] dlogits = new float[rows * vocab];
        int[] targets = Enumerable.Range(0, rows).Select(i => (i * 37) % vocab).ToArray();
        float[] gamma = Fill(256, 4, 1f);
        float[] beta = Fill(256, 5, 1f);
        float[] mean = new float[512];
        float[] rstd = new float[512];
        float[] row = new float[128];
        Console.WriteLine($"Kernel micro-benchmark (best of {repeats}, ns per element): fast / scalar reference");
        Report("GELU forward", n, () => GeluKernel.Forward(y, x), () => GeluKernel.ForwardScalar(y, x), seconds, repeats);
        Report("GELU backward", n, () => GeluKernel.Backward(y, dy, x), () => GeluKernel.BackwardScalar(y, dy, x), seconds, repeats);
        Report("LayerNorm forward 512x256", n, () => LayerNormKernel.Forward(y, mean, rstd, x, gamma, beta, 512, 256),
            () => LayerNormKernel.ForwardScalar(y, mean, rstd, x, gamma, beta, 512, 256), seconds, repeats);
        Report("softmax row 128", 128, () => { x.AsSpan(0, 128).CopyTo(row); SoftmaxKernel.Forward(row, 100); },
            () => { x.AsSpan(0, 128).CopyTo(row); SoftmaxKernel.ForwardScalar(row, 100); }, seconds, repeats);
        Report("cross-entropy fwd+bwd 64x5755", rows * vocab, () => CrossEntropyKernel.ForwardBackward(dlogits, logits, targets, rows, vocab, 0.1f),
            () => CrossEntropyKernel.ForwardBackwardScalar(dlogits, logits, targets, rows, vocab, 0.1f), seconds, repeats);
    }

    private static void Report(string name, int elements, Action fast, Action scalar, double seconds, int repeats)
    {
        Console.WriteLine($"  {name,-32} {Best(fast, seconds, repeats) * 1e9 / elements,8:0.000} / {Best(scalar, seconds, repeats) * 1e9 / elements,8:0.000}");
    }

    private static double Best(Action action, double seconds, int repeats)
    {
        action();
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            long calls = 0;
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed.TotalSeconds < seconds)
            {
                action();
                calls++;
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds / calls);
        }

        return best;
    }

    private static float[] Fill(int length, int seed, float scale)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((rng.NextDouble() - 0.5) * 2 * scale)).ToArray();
    }
}
