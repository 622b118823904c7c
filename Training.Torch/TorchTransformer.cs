using SweepCluster.Training.Common;
using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SweepCluster.Training.Torch;

/// <summary>
/// The engine's pre-LayerNorm transformer (<see cref="TransformerModel"/>) written with LibTorch operators; backward is
/// LibTorch's autograd. Same tensor names, shapes and maths: LayerNorm eps 1e-5, exact GELU, softmax attention scaled
/// by 1/√hd with ALiBi, RoPE pairs (2i, 2i+1), causal mask (decoder) or padding-key mask (encoder, a row of only
/// padding unmasked), mean/first pooling, tied head keeping its bias. Initial parameters and the dropout stream's state
/// come from the engine's own initialisation, so both engines start from the same weights for a seed.
/// </summary>
internal sealed class TorchTransformer : IDisposable
{
    private readonly Device _device;
    private readonly Tensor? _sin;
    private readonly Tensor? _ropeCos;
    private readonly Tensor? _ropeSin;
    private readonly Tensor? _alibi;
    private readonly float _scale;

    /// <summary>Initialises exactly as <c>new TransformerModel(config, 1, ComputePool.Single, seed)</c>.</summary>
    public TorchTransformer(ModelConfig config, Device device, ulong seed)
    {
        Config = config;
        _device = device;
        var reference = new TransformerModel(config, 1, ComputePool.Single, seed);
        Names = [.. reference.Tensors.Tensors.Select(t => t.Name)];
        Shapes = [.. reference.Tensors.Tensors.Select(t => t.Shape)];
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (TensorInfo t in reference.Tensors.Tensors)
        {
            tensors[t.Name] = Upload(reference.Parameter(t.Name).ToArray(), t.Shape).requires_grad_(true);
        }

        Params = tensors;
        InitialDropoutState = reference.DropoutRngState;
        int c = config.DModel;
        _sin = config.Positional == PositionalScheme.Sinusoidal ? Upload(Embedding.SinusoidalTable(config.Block, c), [config.Block, c]) : null;
        if (config.Positional == PositionalScheme.Rope)
        {
            (float[] cos, float[] sin) = Rotary.Tables(config.Block, config.HeadDim);
            _ropeCos = Upload(cos, [config.Block, config.HeadDim / 2]);
            _ropeSin = Upload(sin, [config.Block, config.HeadDim / 2]);
        }

        if (config.Positional == PositionalScheme.Alibi)
        {
            float[] slopes = Alibi.Slopes(config.Heads);
            var bias = new float[config.Heads * config.Block * config.Block];
            for (int h = 0; h < config.Heads; h++)
            {
                for (int i = 0; i < config.Block; i++)
                {
                    for (int j = 0; j < config.Block; j++)
                    {
                        bias[(((h * config.Block) + i) * config.Block) + j] = slopes[h] * Math.Abs(i - j);
                    }
                }
            }

            _alibi = Upload(bias, [config.Heads, config.Block, config.Block]);
        }

        _scale = (float)(1.0 / Math.Sqrt(config.HeadDim));
    }

    /// <summary>The architecture.</summary>
    public ModelConfig Config { get; }

    /// <summary>Tensor names in the engine's order (PyTorch state-dict names).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Tensor shapes, parallel to <see cref="Names"/>.</summary>
    public IReadOnlyList<int[]> Shapes { get; }

    /// <summary>The live parameters (leaf tensors with gradients) by name.</summary>
    public IReadOnlyDictionary<string, Tensor> Params { get; }

    /// <summary>The dropout stream's state right after initialisation (as the engine's).</summary>
    public RngState InitialDropoutState { get; }

    /// <summary>Parameter elements.</summary>
    public long ParameterCount => Params.Values.Sum(p => p.numel());

    /// <summary>
    /// Logits ([B·T, vocab] or [B, classes]) of token batch <paramref name="ids"/> [B, T] (int64 on the device).
    /// <paramref name="dropout"/> draws masks when given; <paramref name="attention"/> collects each layer's probabilities.
    /// </summary>
    public Tensor Forward(Tensor ids, Func<long[], Tensor>? dropout, List<Tensor>? attention)
    {
        ModelConfig cfg = Config;
        long b = ids.shape[0], t = ids.shape[1];
        int c = cfg.DModel, h = cfg.Heads, hd = cfg.HeadDim;
        Tensor x = Params["tok_emb.weight"].index_select(0, ids.reshape(-1)).reshape(b, t, c);
        Tensor? pos = cfg.Positional == PositionalScheme.Learned ? Params["pos_emb.weight"] : _sin;
        if (pos is not null)
        {
            x = x + pos.narrow(0, 0, t);
        }

        x = Drop(x, dropout);
        Tensor pad = ids.eq(0);
        Tensor? keyMask = null;
        if (cfg.Head == HeadKind.Classifier)
        {
            // mask padding keys, except in a row of only padding (left unmasked, as the engine)
            Tensor rowHasKeys = pad.logical_not().any(1, keepdim: true);
            keyMask = pad.logical_and(rowHasKeys).reshape(b, 1, 1, t);
        }
        else
        {
            keyMask = ones(t, t, ScalarType.Bool, _device).triu(1).reshape(1, 1, t, t);
        }

        for (int l = 0; l < cfg.Layers; l++)
        {
            string p = $"blocks.{l}.";
            Tensor n1 = F.layer_norm(x, [c], Params[p + "ln1.weight"], Params[p + "ln1.bias"], 1e-5);
            Tensor qkv = F.linear(n1, Params[p + "attn.qkv.weight"], Params[p + "attn.qkv.bias"]).reshape(b, t, 3, h, hd);
            Tensor q = qkv.select(2, 0).permute(0, 2, 1, 3);
            Tensor k = qkv.select(2, 1).permute(0, 2, 1, 3);
            Tensor v = qkv.select(2, 2).permute(0, 2, 1, 3);
            if (_ropeCos is not null)
            {
                q = Rope(q, t);
                k = Rope(k, t);
            }

            Tensor scores = q.matmul(k.transpose(-2, -1)) * _scale;
            if (_alibi is not null)
            {
                scores = scores - _alibi.narrow(1, 0, t).narrow(2, 0, t);
            }

            scores = scores.masked_fill(keyMask, float.NegativeInfinity);
            Tensor probs = scores.softmax(-1);
            attention?.Add(probs);
            Tensor y = Drop(probs, dropout).matmul(v).permute(0, 2, 1, 3).reshape(b, t, c);
            x = x + Drop(F.linear(y, Params[p + "attn.proj.weight"], Params[p + "attn.proj.bias"]), dropout);
            Tensor n2 = F.layer_norm(x, [c], Params[p + "ln2.weight"], Params[p + "ln2.bias"], 1e-5);
            Tensor f1 = F.linear(n2, Params[p + "fc1.weight"], Params[p + "fc1.bias"]);
            Tensor act = cfg.Activation == ActivationKind.Relu ? F.relu(f1) : F.gelu(f1);
            x = x + Drop(F.linear(act, Params[p + "fc2.weight"], Params[p + "fc2.bias"]), dropout);
        }

        x = F.layer_norm(x, [c], Params["ln_f.weight"], Params["ln_f.bias"], 1e-5);
        if (cfg.Head == HeadKind.LanguageModel)
        {
            Tensor w = cfg.TiedHead ? Params["tok_emb.weight"] : Params["head.weight"];
            return F.linear(x, w, Params["head.bias"]).reshape(b * t, cfg.Vocab);
        }

        Tensor pooled;
        if (cfg.Pooling == PoolingKind.First)
        {
            pooled = x.select(1, 0);
        }
        else
        {
            Tensor rowHasKeys = pad.logical_not().any(1, keepdim: true);
            Tensor keep = pad.logical_not().logical_or(rowHasKeys.logical_not()).to(ScalarType.Float32).unsqueeze(-1);
            pooled = (x * keep).sum(1) / keep.sum(1);
        }

        Tensor z1 = F.relu(F.linear(pooled, Params["cls.fc1.weight"], Params["cls.fc1.bias"]));
        return F.linear(z1, Params["cls.fc2.weight"], Params["cls.fc2.bias"]);
    }

    /// <summary>A float tensor on the model's device with <paramref name="data"/> in row-major <paramref name="shape"/>.</summary>
    public Tensor Upload(float[] data, int[] shape)
    {
        Tensor cpu = tensor(data, [.. shape.Select(d => (long)d)]);
        if (_device.type == DeviceType.CPU)
        {
            return cpu;
        }

        Tensor moved = cpu.to(_device);
        cpu.Dispose();
        return moved;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Tensor p in Params.Values)
        {
            p.Dispose();
        }

        _sin?.Dispose();
        _ropeCos?.Dispose();
        _ropeSin?.Dispose();
        _alibi?.Dispose();
    }

    private static Tensor Drop(Tensor x, Func<long[], Tensor>? dropout) => dropout is null ? x : x * dropout(x.shape);

    // (x0, x1) of each pair (2i, 2i+1) → (x0·cos − x1·sin, x0·sin + x1·cos) at each position
    private Tensor Rope(Tensor x, long t)
    {
        long[] s = x.shape;
        Tensor pairs = x.reshape(s[0], s[1], s[2], s[3] / 2, 2);
        Tensor x0 = pairs.select(-1, 0);
        Tensor x1 = pairs.select(-1, 1);
        Tensor cos = _ropeCos!.narrow(0, 0, t);
        Tensor sin = _ropeSin!.narrow(0, 0, t);
        return stack([(x0 * cos) - (x1 * sin), (x0 * sin) + (x1 * cos)], -1).reshape(s);
    }
}
