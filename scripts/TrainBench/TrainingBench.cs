using System.Diagnostics;
using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;

namespace SweepCluster.TrainBench;

/// <summary>
/// Training throughput of <see cref="TransformerModel"/> (AdamW, dropout 0, learned positions, GELU, untied head, random
/// token ids, warm-up excluded) beside PyTorch's <c>torch_train_bench.py</c> with the same flags.
/// </summary>
internal static class TrainingBench
{
    /// <summary>The issue's benchmark shapes.</summary>
    public static IReadOnlyList<BenchShape> Shapes { get; } =
    [
        new("tiny", "lm", 5755, 64, 2, 4, 256, 32, 16, 40),
        new("tiny-cls", "cls", 5755, 64, 2, 4, 256, 32, 16, 60),
        new("small", "lm", 5755, 128, 4, 4, 512, 64, 32, 8),
        new("medium", "lm", 8000, 256, 8, 6, 1024, 128, 16, 4),
    ];

    public static int Run(Options o, string? sharedDir)
    {
        string? bench = sharedDir is null ? null : Path.Combine(sharedDir, "bench");
        bool torch = o.Torch && bench is not null && File.Exists(PeerBench.Python) && File.Exists(Path.Combine(bench, "torch_train_bench.py"));
        if (o.Torch && !torch)
        {
            Console.Error.WriteLine($"PyTorch figures skipped: need {PeerBench.Python} and ../shared/bench (SWEEP_SHARED_DIR).");
        }

        IReadOnlyDictionary<int, double> peak = torch ? PeerBench.MatmulPeak(bench!, o.Threads) : new Dictionary<int, double>();
        Console.WriteLine($"Training throughput, best of {o.Repeats} runs each (shared, noisy machine); micro-kernel {Gemm.Isa}");
        Console.WriteLine($"{"shape",-9} {"thr",3} {"ours tok/s",11} {"torch tok/s",12} {"ratio",6} {"ours GF/s",10} {"torch GF/s",11} {"peak GF/s",10} {"% peak",7} {"TS tok/s",9} {"ours/TS",7}");
        foreach (BenchShape shape in Shapes.Where(s => o.Shapes.Contains(s.Name)))
        {
            foreach (int threads in o.Threads)
            {
                int steps = o.Steps > 0 ? o.Steps : shape.DefaultSteps;
                (double tokens, double gflops) = MeasureOurs(shape, threads, steps, o.Warmup, o.Repeats);
                (double Tokens, double Gflops)? peer = torch ? PeerBench.Torch(bench!, shape, threads, steps, o.Warmup, o.Repeats) : null;
                double? ts = o.TorchSharp ? TorchSharpBench.Peer(shape, threads, steps, o.Warmup, o.Repeats) : null;
                double p = peak.TryGetValue(threads, out double v) ? v : double.NaN;
                Console.WriteLine(
                    $"{shape.Name,-9} {threads,3} {tokens,11:0} {Fmt(peer?.Tokens, "0"),12} {Fmt(peer is null ? null : tokens / peer.Value.Tokens, "0.00"),6} " +
                    $"{gflops,10:0.0} {Fmt(peer?.Gflops, "0.0"),11} {Fmt(double.IsNaN(p) ? null : p, "0"),10} {Fmt(double.IsNaN(p) ? null : 100 * gflops / p, "0"),7} " +
                    $"{Fmt(ts, "0"),9} {Fmt(ts is null ? null : tokens / ts.Value, "0.00"),7}");
            }
        }

        if (o.Profile)
        {
            foreach (BenchShape shape in Shapes.Where(s => o.Shapes.Contains(s.Name)))
            {
                Profile(shape, o.Steps > 0 ? o.Steps : shape.DefaultSteps, o.Warmup);
            }
        }

        return 0;
    }

    private static string Fmt(double? value, string format) => value is null ? "-" : value.Value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    private static (double Tokens, double Gflops) MeasureOurs(BenchShape shape, int threads, int steps, int warmup, int repeats)
    {
        using var pool = new ComputePool(threads);
        var run = new TrainingRun(shape, pool);
        WarmUp(run, warmup);

        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < steps; i++)
            {
                run.Step(i);
            }

            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        double tokensPerStep = shape.Batch * shape.Block;
        return (tokensPerStep * steps / best, run.FlopsPerStep * steps / best / 1e9);
    }

    // At least `steps` steps and 2 s, so that .NET's tiered JIT has promoted the hot loops before timing starts.
    private static void WarmUp(TrainingRun run, int steps)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < steps || sw.Elapsed.TotalSeconds < 2; i++)
        {
            run.Step(i);
        }
    }

    private static void Profile(BenchShape shape, int steps, int warmup)
    {
        var run = new TrainingRun(shape, ComputePool.Single);
        WarmUp(run, warmup);

        KernelProfiler.Reset();
        KernelProfiler.Enabled = true;
        var sw = Stopwatch.StartNew();
        double optimizer = 0;
        for (int i = 0; i < steps; i++)
        {
            optimizer += run.Step(i);
        }

        double total = sw.Elapsed.TotalSeconds;
        KernelProfiler.Enabled = false;
        Console.WriteLine();
        Console.WriteLine($"Profile of {shape.Name} at 1 thread: {1e3 * total / steps:0.00} ms/step over {steps} steps");
        double kernels = 0;
        foreach ((KernelKind kind, double seconds, long calls) in KernelProfiler.Kinds())
        {
            kernels += seconds;
            Console.WriteLine($"  {kind,-22} {1e3 * seconds / steps,8:0.000} ms/step {100 * seconds / total,5:0.0}%  ({calls / steps} calls/step)");
        }

        Console.WriteLine($"  {"optimizer (AdamW)",-22} {1e3 * optimizer / steps,8:0.000} ms/step {100 * optimizer / total,5:0.0}%");
        double other = total - kernels - optimizer;
        Console.WriteLine($"  {"model code outside",-22} {1e3 * other / steps,8:0.000} ms/step {100 * other / total,5:0.0}%  (bias loops, copies, residual adds, attention glue)");
        var shapes = KernelProfiler.GemmShapes();
        var perHead = shapes.Where(s => s.Calls / steps >= 16).ToArray();
        double headSeconds = perHead.Sum(s => s.Seconds);
        double headFlops = perHead.Sum(s => 2.0 * s.M * s.N * s.K * s.Calls);
        Console.WriteLine($"  GEMM per-(batch, head) attention products: {1e3 * headSeconds / steps:0.000} ms/step, {headFlops / Math.Max(headSeconds, 1e-12) / 1e9:0.0} GFLOP/s");
        Console.WriteLine("  GEMM shapes (transA transB m n k): ms/step, GFLOP/s");
        foreach (var s in shapes.Except(perHead).Take(12))
        {
            double flops = 2.0 * s.M * s.N * s.K * s.Calls;
            Console.WriteLine($"    {(s.TransA ? 'T' : 'N')}{(s.TransB ? 'T' : 'N')} {s.M,5} {s.N,5} {s.K,5}  x{s.Calls / steps,-4} {1e3 * s.Seconds / steps,8:0.000} ms {flops / s.Seconds / 1e9,7:0.0} GF/s");
        }
    }

    /// <summary>One model, optimizer and a pool of 16 random batches.</summary>
    private sealed class TrainingRun
    {
        private readonly TransformerModel _model;
        private readonly IOptimizer _optimizer;
        private readonly int[][] _tokens = new int[16][];
        private readonly int[][] _targets = new int[16][];
        private readonly BenchShape _shape;

        public TrainingRun(BenchShape shape, ComputePool pool)
        {
            _shape = shape;
            var config = new ModelConfig
            {
                Vocab = shape.Vocab, DModel = shape.DModel, Heads = shape.Heads, Layers = shape.Layers, DFF = shape.Ffn,
                Block = shape.Block, Dropout = 0f, Positional = PositionalScheme.Learned, Activation = ActivationKind.Gelu,
                Head = shape.Task == "lm" ? HeadKind.LanguageModel : HeadKind.Classifier, TiedHead = false,
            };
            _model = new TransformerModel(config, shape.Batch, pool, seed: 1);
            _optimizer = new OptimizerConfig { Kind = OptimizerKind.AdamW }.Create(_model.ParameterCount);
            var rng = new Random(7);
            int n = shape.Batch * shape.Block;
            for (int i = 0; i < _tokens.Length; i++)
            {
                _tokens[i] = new int[n];
                _targets[i] = new int[shape.Task == "lm" ? n : shape.Batch];
                for (int j = 0; j < n; j++)
                {
                    _tokens[i][j] = rng.Next(1, shape.Vocab);
                }

                for (int j = 0; j < _targets[i].Length; j++)
                {
                    _targets[i][j] = shape.Task == "lm" ? rng.Next(shape.Vocab) : rng.Next(3);
                }
            }

            long embedding = config.Vocab * config.DModel;
            long positions = config.Block * config.DModel;
            long nonEmbedding = _model.ParameterCount - embedding - positions;
            FlopsPerStep = (6.0 * nonEmbedding * n) + (12.0 * shape.Layers * shape.Block * shape.Block * shape.DModel * shape.Batch);
        }

        public double FlopsPerStep { get; }

        /// <summary>One training step; returns the optimizer's seconds.</summary>
        public double Step(int i)
        {
            int k = i % _tokens.Length;
            _model.ZeroGrad();
            if (_shape.Task == "lm")
            {
                _model.TrainLanguageModel(_tokens[k], _targets[k], _shape.Batch);
            }
            else
            {
                _model.TrainClassifier(_tokens[k], _targets[k], _shape.Batch);
            }

            long start = Stopwatch.GetTimestamp();
            _optimizer.Step(_model.Parameters, _model.Gradients, 1e-3f);
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }
}

/// <summary>One benchmark shape (the flags of <c>torch_train_bench.py</c>).</summary>
internal sealed record BenchShape(
    string Name, string Task, int Vocab, int DModel, int Heads, int Layers, int Ffn, int Block, int Batch, int DefaultSteps);
