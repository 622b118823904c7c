namespace SweepCluster.Training.Tasks;

/// <summary>The settings of an engine task (classify, language-model, synthetic-*), read from a trial's merged settings.</summary>
internal sealed record EngineSettings
{
    /// <summary>classify | language-model | synthetic-majority | synthetic-induction | translate | pretrain-span.</summary>
    public string Task { get; init; } = "classify";

    /// <summary>cpu (this project's engine) | torch (TorchSharp, Training.Torch; GpuWorker only).</summary>
    public string Engine { get; init; } = "cpu";

    /// <summary>auto | cpu | cuda | cuda:N: where the torch engine computes (auto = the trial's GPU when CUDA works, else CPU).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Classification passes over the training data.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Training iterations (language model); also caps classification (0 = no cap).</summary>
    public int MaxSteps { get; init; }

    /// <summary>Sequences per batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Context length in tokens.</summary>
    public int BlockSize { get; init; } = 32;

    /// <summary>Evaluate every this many steps (0 = once per epoch).</summary>
    public int EvalInterval { get; init; }

    /// <summary>Evaluation batches (0 = the whole validation set).</summary>
    public int EvalBatches { get; init; }

    /// <summary>Transformer blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>Attention heads (must divide d_model).</summary>
    public int Heads { get; init; } = 2;

    /// <summary>Model width.</summary>
    public int DModel { get; init; } = 64;

    /// <summary>Feed-forward width (default 4 × d_model).</summary>
    public int DFF { get; init; } = 256;

    /// <summary>Dropout probability in [0, 1).</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>learned | sinusoidal | alibi | rope | none.</summary>
    public string Positional { get; init; } = "learned";

    /// <summary>gelu | relu.</summary>
    public string Activation { get; init; } = "gelu";

    /// <summary>adamw | adam | sgd | adagrad | rmsprop.</summary>
    public string Optimizer { get; init; } = "adamw";

    /// <summary>Peak learning rate.</summary>
    public double Lr { get; init; } = 1e-3;

    /// <summary>Weight decay (decoupled for adamw); null = the optimizer's PyTorch default (0.01 adamw, else 0).</summary>
    public double? WeightDecay { get; init; }

    /// <summary>Momentum (sgd, rmsprop).</summary>
    public double Momentum { get; init; }

    /// <summary>constant | cosine | linear.</summary>
    public string LrSchedule { get; init; } = "constant";

    /// <summary>Linear warm-up steps.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Global gradient-norm clip (0 = off).</summary>
    public double GradClip { get; init; }

    /// <summary>Language-model head shares the token embedding.</summary>
    public bool TiedHead { get; init; }

    /// <summary>normal (GPT-2: normal(0, 0.02) weights, zero biases) | pytorch (PyTorch module defaults).</summary>
    public string Init { get; init; } = "normal";

    /// <summary>mean | first: how the classifier reads the encoder (default mean; first for synthetic-majority).</summary>
    public string Pooling { get; init; } = "mean";

    /// <summary>Hidden width of the classifier MLP.</summary>
    public int ClassifierHidden { get; init; } = 100;

    /// <summary>Training data file (absolute once resolved).</summary>
    public string? TrainPath { get; init; }

    /// <summary>Validation data file.</summary>
    public string? ValidationPath { get; init; }

    /// <summary>Optional test data file, evaluated once at the end.</summary>
    public string? TestPath { get; init; }

    /// <summary>Files whose whole text builds the vocabulary (empty = the training file's texts).</summary>
    public IReadOnlyList<string> VocabFiles { get; init; } = [];

    /// <summary>word | char.</summary>
    public string Tokenizer { get; init; } = "word";

    /// <summary>Tokens seen fewer times are mapped to &lt;unk&gt;.</summary>
    public int MinFreq { get; init; } = 1;

    /// <summary>Vocabulary size limit including the specials (0 = none).</summary>
    public int MaxVocab { get; init; }

    /// <summary>Beam width of decoding for BLEU (1 = greedy; sequence-to-sequence tasks).</summary>
    public int BeamSize { get; init; } = 1;

    /// <summary>Label smoothing ε of the training loss (sequence-to-sequence tasks).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>One vocabulary and embedding for source and target (sequence-to-sequence tasks).</summary>
    public bool SharedVocab { get; init; } = true;

    /// <summary>Fraction of a line's tokens masked as one span (pretrain-span).</summary>
    public double SpanFraction { get; init; } = 0.15;

    /// <summary>Checkpoint directory whose parameters (and vocabulary) start the trial (null = fresh initialisation).</summary>
    public string? InitFrom { get; init; }

    /// <summary>Options of the synthetic tasks.</summary>
    public SyntheticSettings Synthetic { get; init; } = new();

    /// <summary>True for tasks whose head is a classifier.</summary>
    public bool IsClassifier => Task is "classify" or "synthetic-majority";

    /// <summary>True for the encoder–decoder tasks (translate, pretrain-span).</summary>
    public bool IsSeq2Seq => Task is "translate" or "pretrain-span";

    /// <summary>True for tasks trained in epochs over examples (classifiers and sequence-to-sequence).</summary>
    public bool IsExampleTask => IsClassifier || IsSeq2Seq;
}

/// <summary>Options of the synthetic tasks (<c>synthetic { }</c>); <see cref="For"/> gives each task's defaults.</summary>
internal sealed record SyntheticSettings
{
    /// <summary>Seed of the generated data (fixed across trials so they see the same data).</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Training sequences (majority) or episodes (induction).</summary>
    public int TrainSize { get; init; } = 20000;

    /// <summary>Validation sequences or episodes.</summary>
    public int ValidationSize { get; init; } = 512;

    /// <summary>Tokens per sequence (majority, at least <see cref="SyntheticTasks.MajorityMinLength"/>) or the longest repeated half (induction).</summary>
    public int SeqLen { get; init; } = 12;

    /// <summary>Distinct ordinary tokens (filler / random content).</summary>
    public int Vocab { get; init; } = 16;

    /// <summary>Marker tokens = classes (majority task; two of them occur in each sequence).</summary>
    public int Markers { get; init; } = 3;

    /// <summary>The defaults of <paramref name="task"/>: majority sequences of 24 tokens, induction halves of up to 12.</summary>
    public static SyntheticSettings For(string task) => task == "synthetic-majority" ? new() { SeqLen = 24 } : new();
}
