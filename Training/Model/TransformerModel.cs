using SweepCluster.Training.Common;
using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// The pre-LayerNorm transformer (decoder LM or encoder classifier), all state in flat preallocated arrays.
/// <para>API (what a trainer uses):</para>
/// <list type="bullet">
/// <item><c>new TransformerModel(config, maxBatch, pool, seed)</c>: builds the tensor table, initialises parameters
/// (<see cref="ModelConfig.Init"/>: normal(0, 0.02) weights and zero biases, or PyTorch's module defaults; LayerNorm 1/0) and preallocates activations for
/// (maxBatch, config.Block).</item>
/// <item><see cref="Parameters"/>, <see cref="Gradients"/>: one contiguous array each; <see cref="Tensors"/> maps
/// PyTorch state-dict names (Linear weights [out, in]) to slices of both.</item>
/// <item><see cref="TrainLanguageModel"/> / <see cref="TrainClassifier"/>: forward with dropout + backward; gradients
/// ACCUMULATE (call <see cref="ZeroGrad"/> before each step); returns the batch's mean loss.</item>
/// <item><see cref="EvaluateLanguageModel"/> / <see cref="EvaluateClassifier"/>: forward without dropout; loss sum,
/// count and correct predictions.</item>
/// <item><see cref="Logits"/> and <see cref="AttentionProbabilities"/>: views of the last forward pass.</item>
/// <item><see cref="DropoutRngState"/>: the dropout stream's state, to save and restore for a bitwise-identical resume.</item>
/// </list>
/// Token batches are [batch, T] row-major with T = tokens.Length / batch ≤ Block and batch ≤ maxBatch. Not thread-safe;
/// it computes on the given pool's threads. After the first step of a given shape, steps allocate nothing.
/// </summary>
internal sealed partial class TransformerModel
{
    private readonly ComputePool _pool;
    private readonly float[] _params;
    private readonly float[] _grads;
    private readonly Xoshiro256 _dropoutRng;
    private readonly TensorInfo _tokEmb;
    private readonly TensorInfo? _posEmb;
    private readonly BlockTensors[] _blockTensors;
    private readonly TensorInfo _lnFW;
    private readonly TensorInfo _lnFB;
    private readonly TensorInfo? _headW;
    private readonly TensorInfo? _headB;
    private readonly TensorInfo? _cls1W;
    private readonly TensorInfo? _cls1B;
    private readonly TensorInfo? _cls2W;
    private readonly TensorInfo? _cls2B;
    private readonly float[] _sinTable;
    private readonly Attention _attention;

    /// <summary>Creates and initialises a model.</summary>
    public TransformerModel(ModelConfig config, int maxBatch, ComputePool pool, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(pool);
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        Config = config;
        MaxBatch = maxBatch;
        _pool = pool;
        int c = config.DModel;
        var table = new TensorTable();
        var layerNorms = new HashSet<string>(StringComparer.Ordinal);
        _tokEmb = table.Add("tok_emb.weight", config.Vocab, c);
        _posEmb = config.Positional == PositionalScheme.Learned ? table.Add("pos_emb.weight", config.Block, c) : null;
        _blockTensors = new BlockTensors[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            string p = $"blocks.{l}.";
            layerNorms.Add(p + "ln1.weight");
            layerNorms.Add(p + "ln2.weight");
            _blockTensors[l] = new BlockTensors(
                table.Add(p + "ln1.weight", c), table.Add(p + "ln1.bias", c),
                table.Add(p + "attn.qkv.weight", 3 * c, c), table.Add(p + "attn.qkv.bias", 3 * c),
                table.Add(p + "attn.proj.weight", c, c), table.Add(p + "attn.proj.bias", c),
                table.Add(p + "ln2.weight", c), table.Add(p + "ln2.bias", c),
                table.Add(p + "fc1.weight", config.DFF, c), table.Add(p + "fc1.bias", config.DFF),
                table.Add(p + "fc2.weight", c, config.DFF), table.Add(p + "fc2.bias", c));
        }

        layerNorms.Add("ln_f.weight");
        _lnFW = table.Add("ln_f.weight", c);
        _lnFB = table.Add("ln_f.bias", c);
        if (config.Head == HeadKind.LanguageModel)
        {
            _headW = config.TiedHead ? null : table.Add("head.weight", config.Vocab, c);
            _headB = table.Add("head.bias", config.Vocab);
        }
        else
        {
            _cls1W = table.Add("cls.fc1.weight", config.ClassifierHidden, c);
            _cls1B = table.Add("cls.fc1.bias", config.ClassifierHidden);
            _cls2W = table.Add("cls.fc2.weight", config.Classes, config.ClassifierHidden);
            _cls2B = table.Add("cls.fc2.bias", config.Classes);
        }

        Tensors = table;
        _params = new float[table.TotalLength];
        _grads = new float[table.TotalLength];
        ulong x = seed;
        var initRng = new Xoshiro256(Xoshiro256.SplitMix64(ref x));
        _dropoutRng = new Xoshiro256(Xoshiro256.SplitMix64(ref x));
        foreach (TensorInfo t in table.Tensors)
        {
            ModelInit.Fill(_params.AsSpan(t.Offset, t.Length), t, table, layerNorms.Contains(t.Name), config, initRng);
        }

        _sinTable = config.Positional == PositionalScheme.Sinusoidal ? Embedding.SinusoidalTable(config.Block, c) : [];
        _attention = new Attention(config, maxBatch, pool);
        _acts = new Activations(config, maxBatch);
        _rows = new RowParallel(pool);
    }

    /// <summary>The architecture.</summary>
    public ModelConfig Config { get; }

    /// <summary>Largest batch a call may pass.</summary>
    public int MaxBatch { get; }

    /// <summary>Names, shapes and offsets of the tensors inside <see cref="Parameters"/> and <see cref="Gradients"/>.</summary>
    public TensorTable Tensors { get; }

    /// <summary>All parameters, one contiguous array in <see cref="Tensors"/> order.</summary>
    public Span<float> Parameters => _params;

    /// <summary>All parameter gradients, laid out as <see cref="Parameters"/>.</summary>
    public Span<float> Gradients => _grads;

    /// <summary>Number of parameters.</summary>
    public int ParameterCount => _params.Length;

    /// <summary>The dropout stream's state (get to save, set to resume exactly).</summary>
    public RngState DropoutRngState
    {
        get => _dropoutRng.State;
        set => _dropoutRng.State = value;
    }

    /// <summary>Batch size of the last forward pass.</summary>
    public int LastBatch { get; private set; }

    /// <summary>Sequence length of the last forward pass.</summary>
    public int LastLength { get; private set; }

    /// <summary>The parameter tensor called <paramref name="name"/>.</summary>
    public Span<float> Parameter(string name) => TensorTable.Slice(_params, Tensors[name]);

    /// <summary>The gradient of the tensor called <paramref name="name"/>.</summary>
    public Span<float> Gradient(string name) => TensorTable.Slice(_grads, Tensors[name]);

    /// <summary>Sets every gradient to zero.</summary>
    public void ZeroGrad() => Array.Clear(_grads);

    /// <summary>
    /// Logits of the last forward pass: [B, T, vocab] for the language model, [B, classes] for the classifier.
    /// </summary>
    public ReadOnlySpan<float> Logits
    {
        get
        {
            int rows = Config.Head == HeadKind.LanguageModel ? LastBatch * LastLength : LastBatch;
            int cols = Config.Head == HeadKind.LanguageModel ? Config.Vocab : Config.Classes;
            return _acts.Logits.AsSpan(0, rows * cols);
        }
    }

    /// <summary>
    /// Attention probabilities (softmax, before dropout) of layer <paramref name="layer"/> from the last forward pass:
    /// [B, heads, T, T]; row i holds query i's weights over keys (zero beyond i for the causal decoder).
    /// </summary>
    public ReadOnlySpan<float> AttentionProbabilities(int layer)
    {
        int t = LastLength;
        return _acts.Blocks[layer].Attention.Probs.AsSpan(0, LastBatch * Config.Heads * t * t);
    }

    /// <summary>Forward with dropout and backward for a next-token batch; targets −1 are ignored. Returns the mean loss.</summary>
    public double TrainLanguageModel(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, int batch)
    {
        RequireHead(HeadKind.LanguageModel);
        int t = CheckBatch(tokens, batch);
        if (targets.Length != tokens.Length)
        {
            throw new ArgumentException("targets must have the same length as tokens.", nameof(targets));
        }

        Forward(tokens, batch, t, training: true);
        double loss = LanguageModelLossBackward(targets, batch * t);
        Backward(tokens, batch, t);
        return loss;
    }

    /// <summary>Forward with dropout and backward for a classification batch (pad id 0; labels [batch], −1 ignored). Returns the mean loss.</summary>
    public double TrainClassifier(ReadOnlySpan<int> tokens, ReadOnlySpan<int> labels, int batch)
    {
        RequireHead(HeadKind.Classifier);
        int t = CheckBatch(tokens, batch);
        if (labels.Length != batch)
        {
            throw new ArgumentException("labels must have one entry per sequence.", nameof(labels));
        }

        Forward(tokens, batch, t, training: true);
        double loss = ClassifierLossBackward(labels, batch);
        Backward(tokens, batch, t);
        return loss;
    }

    /// <summary>Forward without dropout; loss sum and counts over tokens with target ≥ 0 (Correct = arg-max hits).</summary>
    public EvalResult EvaluateLanguageModel(ReadOnlySpan<int> tokens, ReadOnlySpan<int> targets, int batch)
    {
        RequireHead(HeadKind.LanguageModel);
        int t = CheckBatch(tokens, batch);
        if (targets.Length != tokens.Length)
        {
            throw new ArgumentException("targets must have the same length as tokens.", nameof(targets));
        }

        Forward(tokens, batch, t, training: false);
        return Score(targets, batch * t, Config.Vocab);
    }

    /// <summary>Forward without dropout; loss sum, labelled sequences and correct predictions.</summary>
    public EvalResult EvaluateClassifier(ReadOnlySpan<int> tokens, ReadOnlySpan<int> labels, int batch)
    {
        RequireHead(HeadKind.Classifier);
        int t = CheckBatch(tokens, batch);
        if (labels.Length != batch)
        {
            throw new ArgumentException("labels must have one entry per sequence.", nameof(labels));
        }

        Forward(tokens, batch, t, training: false);
        return Score(labels, batch, Config.Classes);
    }

    private EvalResult Score(ReadOnlySpan<int> targets, int rows, int cols)
    {
        Span<int> argmax = _acts.Argmax.AsSpan(0, rows);
        double loss = CrossEntropyKernel.Forward(_acts.Logits.AsSpan(0, rows * cols), targets, rows, cols, argmax);
        int count = 0, correct = 0;
        for (int r = 0; r < rows; r++)
        {
            if (targets[r] >= 0)
            {
                count++;
                correct += argmax[r] == targets[r] ? 1 : 0;
            }
        }

        return new EvalResult(loss, count, correct);
    }

    private void RequireHead(HeadKind head)
    {
        if (Config.Head != head)
        {
            throw new InvalidOperationException($"this model has a {Config.Head} head, not {head}.");
        }
    }

    private int CheckBatch(ReadOnlySpan<int> tokens, int batch)
    {
        if (batch < 1 || batch > MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be in [1, {MaxBatch}].");
        }

        if (tokens.Length == 0 || tokens.Length % batch != 0 || tokens.Length / batch > Config.Block)
        {
            throw new ArgumentException($"tokens must be [batch, T] with 1 ≤ T ≤ {Config.Block}.", nameof(tokens));
        }

        foreach (int id in tokens)
        {
            if ((uint)id >= (uint)Config.Vocab)
            {
                throw new ArgumentException($"token id {id} is outside the vocabulary [0, {Config.Vocab}).", nameof(tokens));
            }
        }

        return tokens.Length / batch;
    }

    private Span<float> P(TensorInfo t) => _params.AsSpan(t.Offset, t.Length);

    private Span<float> G(TensorInfo t) => _grads.AsSpan(t.Offset, t.Length);
}
