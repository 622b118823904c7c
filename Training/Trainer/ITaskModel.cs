using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>Summed evaluation results over some batches: loss sum, predictions counted, correct predictions.</summary>
internal readonly record struct EvalTotals(double LossSum, long Count, long Correct)
{
    /// <summary>Component-wise sum.</summary>
    public static EvalTotals operator +(EvalTotals a, EvalTotals b) =>
        new(a.LossSum + b.LossSum, a.Count + b.Count, a.Correct + b.Correct);

    /// <summary>Mean loss per prediction (NaN when empty).</summary>
    public double MeanLoss => Count == 0 ? double.NaN : LossSum / Count;

    /// <summary>Fraction correct (NaN when empty).</summary>
    public double Accuracy => Count == 0 ? double.NaN : (double)Correct / Count;
}

/// <summary>
/// A trainable model with its optimizer, as the task trainer drives it: one optimizer step per batch, evaluation
/// without dropout, and every piece of state a bitwise resume needs exposed for checkpoints.
/// </summary>
internal interface ITaskModel : IDisposable
{
    /// <summary>Trainable parameters (elements).</summary>
    long ParameterCount { get; }

    /// <summary>Parameter tensors (PyTorch state-dict names), views over the live parameters.</summary>
    IReadOnlyList<NamedTensor> Parameters { get; }

    /// <summary>Optimizer state tensors (e.g. <c>exp_avg.NAME</c>), views over the live state.</summary>
    IReadOnlyList<NamedTensor> OptimizerState { get; }

    /// <summary>Optimizer steps taken (drives bias correction and the learning-rate schedule).</summary>
    long OptimizerStep { get; set; }

    /// <summary>Dropout RNG state words.</summary>
    ulong[] DropoutRngState { get; set; }

    /// <summary>Forward, backward, clipping and one optimizer step on <paramref name="batch"/>; returns the mean loss.</summary>
    double TrainStep(Batch batch);

    /// <summary>Evaluation forward (no dropout, no update) on <paramref name="batch"/>.</summary>
    EvalTotals Evaluate(Batch batch);

    /// <summary>
    /// Called after <see cref="Parameters"/> or <see cref="OptimizerState"/> views were written (a checkpoint restored):
    /// a model whose live state is not the views' memory (e.g. tensors on a GPU) copies the views into it here.
    /// </summary>
    void StateWritten()
    {
    }

    /// <summary>Attention probabilities of the last <see cref="Evaluate"/> for its first row: per layer, [heads, T, T].</summary>
    IReadOnlyList<float[]> LastAttention();
}

/// <summary>
/// What a model needs beyond the settings: vocabulary and class count, batch, threads, seed, planned steps, and the
/// target vocabulary of a sequence-to-sequence task (0 otherwise).
/// </summary>
internal sealed record ModelRequest(EngineSettings Settings, int Vocab, int Classes, int MaxBatch, int Threads, long Seed, long TotalSteps, int TargetVocab = 0)
{
    /// <summary>GPU indices assigned to the trial (<see cref="Messages.TrialSpec.Gpus"/>; empty on a CPU slot).</summary>
    public IReadOnlyList<int> Gpus { get; init; } = [];
}

/// <summary>A sequence-to-sequence model that can translate (greedy or beam search).</summary>
internal interface ISequenceDecoder
{
    /// <summary>Target ids (without &lt;s&gt; / &lt;/s&gt;) of each source row of <paramref name="batch"/>, at most <paramref name="maxLength"/> tokens.</summary>
    IReadOnlyList<int[]> Decode(Batch batch, int beam, int maxLength);
}

/// <summary>Creates models for the engine tasks.</summary>
internal interface ITaskModelFactory
{
    /// <summary>A freshly initialised model (and optimizer) for <paramref name="request"/>.</summary>
    ITaskModel Create(ModelRequest request);
}

/// <summary>
/// A second engine (<c>engine = torch</c>: the TorchSharp engine of Training.Torch, which this project cannot reference),
/// plugged into <see cref="TrainerCatalog.Create"/> by the processes that ship it.
/// </summary>
internal interface IEngineModels : ITaskModelFactory
{
    /// <summary>The <c>engine</c> setting it serves (<c>torch</c>).</summary>
    string Engine { get; }

    /// <summary>Null when it can train in this process; else one line naming the cause and the fix.</summary>
    string? Unavailable(EngineSettings settings);
}
