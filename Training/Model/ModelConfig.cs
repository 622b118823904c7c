namespace SweepCluster.Training.Model;

/// <summary>How token positions enter the model.</summary>
internal enum PositionalScheme
{
    /// <summary>A learned [block, d_model] table added to the token embedding (<c>pos_emb.weight</c>).</summary>
    Learned,

    /// <summary>The fixed sine/cosine table added to the token embedding.</summary>
    Sinusoidal,

    /// <summary>No embedding; a per-head linear bias −slope·|i−j| on attention scores.</summary>
    Alibi,

    /// <summary>Rotary embedding of queries and keys (pairs (2i, 2i+1), base 10000).</summary>
    Rope,

    /// <summary>No position information.</summary>
    None,
}

/// <summary>The feed-forward non-linearity.</summary>
internal enum ActivationKind
{
    /// <summary>Exact (erf) GELU, as <c>nn.GELU()</c>.</summary>
    Gelu,

    /// <summary>ReLU.</summary>
    Relu,
}

/// <summary>How parameters are initialised (LayerNorm weights 1 and biases 0 in both).</summary>
internal enum InitScheme
{
    /// <summary>GPT-2 style: normal(0, 0.02) for Linear and embedding weights, zero biases.</summary>
    Normal,

    /// <summary>PyTorch's module defaults: <c>nn.Embedding</c> normal(0, 1); <c>nn.Linear</c> weights and biases uniform(±1/√fan_in).</summary>
    PyTorch,
}

/// <summary>How the classifier head reads the encoder output.</summary>
internal enum PoolingKind
{
    /// <summary>The mean over the non-padding positions.</summary>
    Mean,

    /// <summary>The first position's vector ([CLS]-style).</summary>
    First,
}

/// <summary>What sits on top of the final LayerNorm.</summary>
internal enum HeadKind
{
    /// <summary>Decoder: causal attention, Linear(d_model, vocab), next-token cross-entropy.</summary>
    LanguageModel,

    /// <summary>Encoder: key-padding mask (pad id 0), pooling (<see cref="PoolingKind"/>), MLP classifier.</summary>
    Classifier,
}

/// <summary>The transformer's architecture (the shape of <c>peer_model.py</c>'s pre-LayerNorm model).</summary>
internal sealed record ModelConfig
{
    /// <summary>Token vocabulary size (id 0 is padding for the classifier).</summary>
    public int Vocab { get; init; } = 5755;

    /// <summary>Model (residual stream) width.</summary>
    public int DModel { get; init; } = 64;

    /// <summary>Attention heads; must divide <see cref="DModel"/>.</summary>
    public int Heads { get; init; } = 2;

    /// <summary>Number of pre-LayerNorm transformer blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Hidden width of the feed-forward sublayer.</summary>
    public int DFF { get; init; } = 256;

    /// <summary>Context length (maximum tokens per sequence).</summary>
    public int Block { get; init; } = 32;

    /// <summary>Dropout probability after the embedding, on attention weights and on both residual branches.</summary>
    public float Dropout { get; init; }

    /// <summary>Position scheme.</summary>
    public PositionalScheme Positional { get; init; } = PositionalScheme.Learned;

    /// <summary>Feed-forward activation.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Gelu;

    /// <summary>Language-model (decoder) or classifier (encoder) head.</summary>
    public HeadKind Head { get; init; } = HeadKind.LanguageModel;

    /// <summary>Classifier output classes (classifier head only).</summary>
    public int Classes { get; init; } = 3;

    /// <summary>Mean or first-position pooling (classifier head only).</summary>
    public PoolingKind Pooling { get; init; } = PoolingKind.Mean;

    /// <summary>Hidden width of the classifier MLP (classifier head only).</summary>
    public int ClassifierHidden { get; init; } = 100;

    /// <summary>Language-model head shares the token embedding matrix (keeps its own bias).</summary>
    public bool TiedHead { get; init; }

    /// <summary>Parameter initialisation.</summary>
    public InitScheme Init { get; init; } = InitScheme.Normal;

    /// <summary>Width of one attention head.</summary>
    public int HeadDim => DModel / Heads;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Require(Vocab >= 1, nameof(Vocab), "must be at least 1");
        Require(DModel >= 1, nameof(DModel), "must be at least 1");
        Require(Heads >= 1 && DModel % Heads == 0, nameof(Heads), $"must be at least 1 and divide d_model ({DModel})");
        Require(Layers >= 0, nameof(Layers), "must not be negative");
        Require(DFF >= 1, nameof(DFF), "must be at least 1");
        Require(Block >= 1, nameof(Block), "must be at least 1");
        Require(Dropout is >= 0f and < 1f, nameof(Dropout), "must be in [0, 1)");
        Require(Enum.IsDefined(Positional), nameof(Positional), "is not a known scheme");
        Require(Enum.IsDefined(Activation), nameof(Activation), "is not a known activation");
        Require(Enum.IsDefined(Head), nameof(Head), "is not a known head");
        Require(Enum.IsDefined(Init), nameof(Init), "is not a known initialisation");
        Require(Enum.IsDefined(Pooling), nameof(Pooling), "is not a known pooling");
        Require(Positional != PositionalScheme.Rope || HeadDim % 2 == 0, nameof(Positional), "rope needs an even head width");
        Require(Positional != PositionalScheme.Sinusoidal || DModel % 2 == 0, nameof(Positional), "sinusoidal needs an even d_model");
        if (Head == HeadKind.Classifier)
        {
            Require(Classes >= 1, nameof(Classes), "must be at least 1");
            Require(ClassifierHidden >= 1, nameof(ClassifierHidden), "must be at least 1");
            Require(!TiedHead, nameof(TiedHead), "applies to the language-model head only");
        }
    }

    private static void Require(bool ok, string field, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"model config: {field} {message}.", field);
        }
    }
}
