using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Common;
using SweepCluster.Training.Data;
using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// The engine's <see cref="TransformerModel"/> with its optimizer, learning-rate schedule and gradient clipping, as an
/// <see cref="ITaskModel"/>. Optimizer state tensors are named <c>STATE.PARAM</c> (e.g. <c>exp_avg.tok_emb.weight</c>).
/// </summary>
internal sealed class TransformerTaskModel : ITaskModel
{
    private readonly ComputePool _pool;
    private readonly bool _ownsPool;
    private readonly IOptimizer _optimizer;
    private readonly LearningRateSchedule _schedule;
    private readonly double _clip;
    private readonly bool _classifier;

    /// <summary>Builds and initialises the model and optimizer for <paramref name="r"/>.</summary>
    public TransformerTaskModel(ModelRequest r)
    {
        EngineSettings s = r.Settings;
        _classifier = s.IsClassifier;
        (_pool, _ownsPool) = r.Threads <= 1 ? (ComputePool.Single, false) : (new ComputePool(r.Threads), true);
        Model = new TransformerModel(ToConfig(s, r.Vocab, r.Classes), r.MaxBatch, _pool, unchecked((ulong)r.Seed));
        (_optimizer, _schedule) = CreateOptimizer(s, Model.ParameterCount, r.TotalSteps);
        _clip = s.GradClip;
        Parameters = [.. Model.Tensors.Tensors.Select(t => new NamedTensor(t.Name, t.Shape, () => Model.Parameter(t.Name)))];
        OptimizerState =
        [
            .. _optimizer.StateNames.SelectMany(state => Model.Tensors.Tensors.Select(t =>
                new NamedTensor($"{state}.{t.Name}", t.Shape, () => _optimizer.State(state).Slice(t.Offset, t.Length)))),
        ];
    }

    /// <summary>The optimizer and learning-rate schedule of settings <paramref name="s"/> (shared with the encoder–decoder).</summary>
    public static (IOptimizer Optimizer, LearningRateSchedule Schedule) CreateOptimizer(EngineSettings s, int parameterCount, long totalSteps)
    {
        IOptimizer optimizer = new OptimizerConfig
        {
            Kind = s.Optimizer switch
            {
                "adam" => OptimizerKind.Adam,
                "sgd" => OptimizerKind.Sgd,
                "adagrad" => OptimizerKind.Adagrad,
                "rmsprop" => OptimizerKind.RmsProp,
                _ => OptimizerKind.AdamW,
            },
            WeightDecay = s.WeightDecay is { } wd ? (float)wd : null,
            Momentum = (float)s.Momentum,
        }.Create(parameterCount);
        var schedule = new LearningRateSchedule
        {
            Kind = s.LrSchedule switch
            {
                "cosine" => ScheduleKind.WarmupCosine,
                "linear" => ScheduleKind.LinearDecay,
                _ => ScheduleKind.Constant,
            },
            BaseRate = s.Lr,
            WarmupSteps = s.WarmupSteps,
            TotalSteps = (int)Math.Min(int.MaxValue, Math.Max(1, totalSteps)),
        };
        return (optimizer, schedule);
    }

    /// <summary>The underlying model.</summary>
    public TransformerModel Model { get; }

    /// <inheritdoc/>
    public long ParameterCount => Model.ParameterCount;

    /// <inheritdoc/>
    public IReadOnlyList<NamedTensor> Parameters { get; }

    /// <inheritdoc/>
    public IReadOnlyList<NamedTensor> OptimizerState { get; }

    /// <inheritdoc/>
    public long OptimizerStep
    {
        get => _optimizer.StepCount;
        set => _optimizer.StepCount = value;
    }

    /// <inheritdoc/>
    public ulong[] DropoutRngState
    {
        get => RngWords.Of(Model.DropoutRngState);
        set => Model.DropoutRngState = RngWords.State(value);
    }

    /// <summary>The model architecture of engine settings <paramref name="s"/>.</summary>
    public static ModelConfig ToConfig(EngineSettings s, int vocab, int classes) => new()
    {
        Vocab = vocab,
        DModel = s.DModel,
        Heads = s.Heads,
        Layers = s.Layers,
        DFF = s.DFF,
        Block = s.BlockSize,
        Dropout = (float)s.Dropout,
        Positional = s.Positional switch
        {
            "sinusoidal" => PositionalScheme.Sinusoidal,
            "alibi" => PositionalScheme.Alibi,
            "rope" => PositionalScheme.Rope,
            "none" => PositionalScheme.None,
            _ => PositionalScheme.Learned,
        },
        Activation = s.Activation == "relu" ? ActivationKind.Relu : ActivationKind.Gelu,
        Head = s.IsClassifier ? HeadKind.Classifier : HeadKind.LanguageModel,
        Classes = Math.Max(1, classes),
        ClassifierHidden = s.ClassifierHidden,
        Pooling = s.Pooling == "first" ? PoolingKind.First : PoolingKind.Mean,
        TiedHead = s.TiedHead,
        Init = s.Init == "pytorch" ? InitScheme.PyTorch : InitScheme.Normal,
    };

    /// <inheritdoc/>
    public double TrainStep(Batch batch)
    {
        Model.ZeroGrad();
        double loss = _classifier
            ? Model.TrainClassifier(batch.Tokens, batch.Targets, batch.Size)
            : Model.TrainLanguageModel(batch.Tokens, batch.Targets, batch.Size);
        if (_clip > 0)
        {
            GradientClipping.ClipByGlobalNorm(Model.Gradients, _clip);
        }

        float lr = (float)_schedule.Rate((int)Math.Min(int.MaxValue, _optimizer.StepCount));
        _optimizer.Step(Model.Parameters, Model.Gradients, lr);
        return loss;
    }

    /// <inheritdoc/>
    public EvalTotals Evaluate(Batch batch)
    {
        EvalResult r = _classifier
            ? Model.EvaluateClassifier(batch.Tokens, batch.Targets, batch.Size)
            : Model.EvaluateLanguageModel(batch.Tokens, batch.Targets, batch.Size);
        return new EvalTotals(r.LossSum, r.Count, r.Correct);
    }

    /// <inheritdoc/>
    public IReadOnlyList<float[]> LastAttention()
    {
        int t = Model.LastLength;
        int perRow = Model.Config.Heads * t * t;
        return [.. Enumerable.Range(0, Model.Config.Layers).Select(l => Model.AttentionProbabilities(l)[..perRow].ToArray())];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsPool)
        {
            _pool.Dispose();
        }
    }
}

/// <summary>Creates <see cref="TransformerTaskModel"/>s.</summary>
internal sealed class TransformerModelFactory : ITaskModelFactory
{
    /// <summary>The shared instance.</summary>
    public static TransformerModelFactory Instance { get; } = new();

    /// <inheritdoc/>
    public ITaskModel Create(ModelRequest request) =>
        request.Settings.IsSeq2Seq ? new Seq2SeqTaskModel(request) : new TransformerTaskModel(request);
}
