using System.Security.Cryptography;
using SweepCluster.Training.Common;
using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;

namespace SweepCluster.Training.Tests.Golden;

/// <summary>One golden case: a small model, its weights (generated from a seed), one batch, and optimizers to step.</summary>
internal sealed record GoldenCase(string Name, ModelConfig Config, ulong Seed, bool WithOptimizers)
{
    public const int Batch = 2;

    /// <summary>The named optimizer settings stepped twice in the optimizer cases (learning rates as PyTorch gets them).</summary>
    public static readonly (string Name, OptimizerConfig Config, float Lr)[] Optimizers =
    [
        ("sgd", new OptimizerConfig { Kind = OptimizerKind.Sgd, WeightDecay = 0f }, 0.1f),
        ("sgd_momentum", new OptimizerConfig { Kind = OptimizerKind.Sgd, Momentum = 0.9f, Dampening = 0.1f, WeightDecay = 0.01f }, 0.1f),
        ("sgd_nesterov", new OptimizerConfig { Kind = OptimizerKind.Sgd, Momentum = 0.9f, Nesterov = true, WeightDecay = 0.01f }, 0.1f),
        ("adam", new OptimizerConfig { Kind = OptimizerKind.Adam, WeightDecay = 0.01f }, 0.01f),
        ("adamw", new OptimizerConfig { Kind = OptimizerKind.AdamW, WeightDecay = 0.1f, Beta1 = 0.8f, Beta2 = 0.99f }, 0.01f),
        ("adagrad", new OptimizerConfig { Kind = OptimizerKind.Adagrad, WeightDecay = 0.01f, LrDecay = 0.1f }, 0.1f),
        ("rmsprop", new OptimizerConfig { Kind = OptimizerKind.RmsProp }, 0.01f),
        ("rmsprop_centered_momentum", new OptimizerConfig { Kind = OptimizerKind.RmsProp, Centered = true, Momentum = 0.5f, WeightDecay = 0.01f }, 0.01f),
    ];

    /// <summary>Every committed case: each positional scheme with each head, plus a tied ReLU language model.</summary>
    public static IReadOnlyList<GoldenCase> All { get; } = Build();

    /// <summary>Gradient-clipping threshold whose PyTorch norm is recorded.</summary>
    public const double ClipMaxNorm = 0.5;

    public int Length => Config.Block;

    /// <summary>A model carrying this case's weights: normal(0, 0.2) weights, biases ±0.1, LayerNorm gains 1 ± 0.1.</summary>
    public TransformerModel CreateModel()
    {
        var model = new TransformerModel(Config, Batch, ComputePool.Single, 1);
        var rng = new Xoshiro256(Seed);
        Span<float> p = model.Parameters;
        foreach (TensorInfo t in model.Tensors.Tensors)
        {
            bool bias = t.Name.EndsWith(".bias", StringComparison.Ordinal);
            bool gain = !bias && t.Shape.Length == 1;
            for (int i = t.Offset; i < t.Offset + t.Length; i++)
            {
                p[i] = bias ? (float)(0.1 * ((2 * rng.NextDouble()) - 1))
                    : gain ? (float)(1 + (0.1 * ((2 * rng.NextDouble()) - 1)))
                    : (float)(0.2 * rng.NextGaussian());
            }
        }

        return model;
    }

    /// <summary>Tokens [Batch, Block]; the classifier's second sequence ends in padding (id 0).</summary>
    public int[] Tokens()
    {
        var rng = new Xoshiro256(Seed + 1000);
        var tokens = new int[Batch * Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = 1 + rng.NextInt(Config.Vocab - 1);
        }

        if (Config.Head == HeadKind.Classifier)
        {
            tokens[^1] = 0;
            tokens[^2] = 0;
            tokens[^3] = 0;
        }

        return tokens;
    }

    /// <summary>Next-token targets [Batch, Block] (two ignored with −1), or labels [Batch].</summary>
    public int[] Targets()
    {
        int[] tokens = Tokens();
        if (Config.Head == HeadKind.Classifier)
        {
            return [2, 1];
        }

        var targets = new int[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            targets[i] = (i + 1) % Length == 0 ? (tokens[i] * 3) % Config.Vocab : tokens[i + 1];
        }

        targets[3] = -1;
        targets[Length + 5] = -1;
        return targets;
    }

    /// <summary>SHA-256 (hex) of the little-endian float32 bytes of <paramref name="values"/>.</summary>
    public static string Sha256(ReadOnlySpan<float> values) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values)));

    /// <summary>The second optimizer step's gradient: g2[i] = 0.5·g[(i·7919) mod n] (a permutation, also in golden.py).</summary>
    public static float[] SecondGradient(ReadOnlySpan<float> g)
    {
        var g2 = new float[g.Length];
        for (int i = 0; i < g.Length; i++)
        {
            g2[i] = 0.5f * g[(int)((long)i * 7919 % g.Length)];
        }

        return g2;
    }

    private static List<GoldenCase> Build()
    {
        var baseConfig = new ModelConfig
        {
            Vocab = 50, DModel = 16, Heads = 2, Layers = 2, DFF = 32, Block = 8, Classes = 3, ClassifierHidden = 20,
        };
        var cases = new List<GoldenCase>();
        ulong seed = 100;
        foreach (HeadKind head in Enum.GetValues<HeadKind>())
        {
            foreach (PositionalScheme pos in Enum.GetValues<PositionalScheme>())
            {
                string name = $"{(head == HeadKind.LanguageModel ? "lm" : "cls")}-{pos.ToString().ToLowerInvariant()}";
                bool optimizers = head == HeadKind.LanguageModel && pos == PositionalScheme.Learned;
                cases.Add(new GoldenCase(name, baseConfig with { Head = head, Positional = pos }, seed++, optimizers));
            }
        }

        cases.Add(new GoldenCase(
            "lm-tied-relu",
            baseConfig with { TiedHead = true, Activation = ActivationKind.Relu, Positional = PositionalScheme.Rope, Heads = 4 },
            seed,
            false));
        return cases;
    }
}
