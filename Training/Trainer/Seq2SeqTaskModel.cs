using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Common;
using SweepCluster.Training.Data;
using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// The engine's <see cref="Seq2SeqModel"/> with the optimizer, schedule and clipping of <see cref="TransformerTaskModel"/>,
/// as an <see cref="ITaskModel"/> that can also decode. Activations are sized for batch_size × beam_size rows.
/// </summary>
internal sealed class Seq2SeqTaskModel : ITaskModel, ISequenceDecoder
{
    private readonly ComputePool _pool;
    private readonly bool _ownsPool;
    private readonly IOptimizer _optimizer;
    private readonly LearningRateSchedule _schedule;
    private readonly double _clip;

    /// <summary>Builds and initialises the model and optimizer for <paramref name="r"/>.</summary>
    public Seq2SeqTaskModel(ModelRequest r)
    {
        EngineSettings s = r.Settings;
        (_pool, _ownsPool) = r.Threads <= 1 ? (ComputePool.Single, false) : (new ComputePool(r.Threads), true);
        Model = new Seq2SeqModel(ToConfig(s, r.Vocab, r.TargetVocab), r.MaxBatch * s.BeamSize, _pool, unchecked((ulong)r.Seed));
        (_optimizer, _schedule) = TransformerTaskModel.CreateOptimizer(s, Model.ParameterCount, r.TotalSteps);
        _clip = s.GradClip;
        Parameters = [.. Model.Tensors.Tensors.Select(t => new NamedTensor(t.Name, t.Shape, () => Model.Parameter(t.Name)))];
        OptimizerState =
        [
            .. _optimizer.StateNames.SelectMany(state => Model.Tensors.Tensors.Select(t =>
                new NamedTensor($"{state}.{t.Name}", t.Shape, () => _optimizer.State(state).Slice(t.Offset, t.Length)))),
        ];
    }

    /// <summary>The underlying model.</summary>
    public Seq2SeqModel Model { get; }

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

    /// <summary>The architecture of settings <paramref name="s"/> (block_size for both sides).</summary>
    public static Seq2SeqConfig ToConfig(EngineSettings s, int sourceVocab, int targetVocab)
    {
        ModelConfig m = TransformerTaskModel.ToConfig(s, sourceVocab, 1);
        return new Seq2SeqConfig
        {
            SourceVocab = sourceVocab,
            TargetVocab = targetVocab,
            SharedVocab = s.SharedVocab,
            DModel = m.DModel,
            Heads = m.Heads,
            Layers = m.Layers,
            DFF = m.DFF,
            SourceBlock = s.BlockSize,
            TargetBlock = s.BlockSize,
            Dropout = m.Dropout,
            Positional = m.Positional,
            Activation = m.Activation,
            Init = m.Init,
            LabelSmoothing = (float)s.LabelSmoothing,
        };
    }

    /// <inheritdoc/>
    public double TrainStep(Batch batch)
    {
        Model.ZeroGrad();
        double loss = Model.Train(batch.Source, batch.Tokens, batch.Targets, batch.Size);
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
        EvalResult r = Model.Evaluate(batch.Source, batch.Tokens, batch.Targets, batch.Size);
        return new EvalTotals(r.LossSum, r.Count, r.Correct);
    }

    /// <inheritdoc/>
    public IReadOnlyList<int[]> Decode(Batch batch, int beam, int maxLength) =>
        BeamSearch.Decode(Model, batch.Source, batch.Size, beam, maxLength);

    /// <inheritdoc/>
    public IReadOnlyList<float[]> LastAttention() => [];

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsPool)
        {
            _pool.Dispose();
        }
    }
}
