namespace SweepCluster.Training.Model;

/// <summary>The architecture of the encoder–decoder (<see cref="Seq2SeqModel"/>).</summary>
internal sealed record Seq2SeqConfig
{
    /// <summary>Source vocabulary size (equals <see cref="TargetVocab"/> when shared).</summary>
    public int SourceVocab { get; init; } = 32;

    /// <summary>Target vocabulary size.</summary>
    public int TargetVocab { get; init; } = 32;

    /// <summary>One embedding table (<c>tok_emb.weight</c>) for source and target tokens.</summary>
    public bool SharedVocab { get; init; }

    /// <summary>Model width.</summary>
    public int DModel { get; init; } = 64;

    /// <summary>Attention heads (divide d_model).</summary>
    public int Heads { get; init; } = 2;

    /// <summary>Encoder blocks and decoder blocks (each).</summary>
    public int Layers { get; init; } = 2;

    /// <summary>Feed-forward width.</summary>
    public int DFF { get; init; } = 256;

    /// <summary>Longest source sequence.</summary>
    public int SourceBlock { get; init; } = 32;

    /// <summary>Longest decoder input (target plus &lt;s&gt;).</summary>
    public int TargetBlock { get; init; } = 32;

    /// <summary>Dropout probability (embeddings, residual branches, self-attention probabilities).</summary>
    public float Dropout { get; init; }

    /// <summary>Learned, Sinusoidal or None (ALiBi and RoPE are not wired into cross-attention).</summary>
    public PositionalScheme Positional { get; init; } = PositionalScheme.Learned;

    /// <summary>Feed-forward non-linearity.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Gelu;

    /// <summary>Parameter initialisation.</summary>
    public InitScheme Init { get; init; } = InitScheme.Normal;

    /// <summary>Label smoothing ε of the training loss, in [0, 1).</summary>
    public float LabelSmoothing { get; init; }

    /// <summary>The encoder's self-attention configuration (bidirectional, padding keys masked).</summary>
    public ModelConfig Encoder => Side(SourceVocab, SourceBlock, HeadKind.Classifier);

    /// <summary>The decoder's self-attention configuration (causal).</summary>
    public ModelConfig Decoder => Side(TargetVocab, TargetBlock, HeadKind.LanguageModel);

    /// <summary>Throws on an inconsistent configuration.</summary>
    public void Validate()
    {
        Encoder.Validate();
        Decoder.Validate();
        if (Positional is PositionalScheme.Alibi or PositionalScheme.Rope)
        {
            throw new ArgumentException($"positional {Positional} is not supported by the encoder–decoder");
        }

        if (SharedVocab && SourceVocab != TargetVocab)
        {
            throw new ArgumentException("a shared vocabulary needs equal source and target sizes");
        }

        if (LabelSmoothing is < 0 or >= 1)
        {
            throw new ArgumentException($"label smoothing {LabelSmoothing} is outside [0, 1)");
        }
    }

    private ModelConfig Side(int vocab, int block, HeadKind head) => new()
    {
        Vocab = vocab,
        DModel = DModel,
        Heads = Heads,
        Layers = Layers,
        DFF = DFF,
        Block = block,
        Dropout = Dropout,
        Positional = Positional,
        Activation = Activation,
        Head = head,
        Init = Init,
    };
}
