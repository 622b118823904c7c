using System.Text.Json;

namespace SweepCluster.Training.Checkpoints;

/// <summary>The contents of <c>trial.json</c>: everything beside the tensors needed to evaluate or resume a trial.</summary>
internal sealed record CheckpointState
{
    /// <summary>The only <see cref="FormatVersion"/> this build reads and writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Format version of this file.</summary>
    public int FormatVersion { get; init; } = CurrentVersion;

    /// <summary>Trial id the checkpoint belongs to.</summary>
    public string TrialId { get; init; } = "";

    /// <summary>Engine task name.</summary>
    public string Task { get; init; } = "";

    /// <summary>The trial's merged settings (the trial parameters).</summary>
    public JsonElement Settings { get; init; }

    /// <summary>The model architecture, as named fields (vocab, d_model, heads, layers, ...).</summary>
    public Dictionary<string, JsonElement> ModelConfig { get; init; } = [];

    /// <summary>Vocabulary tokens (index = id).</summary>
    public List<string> Vocabulary { get; init; } = [];

    /// <summary>Target vocabulary of a sequence-to-sequence task with separate vocabularies (empty when shared or not one).</summary>
    public List<string> TargetVocabulary { get; init; } = [];

    /// <summary>Class names (index = class id); empty for language models.</summary>
    public List<string> Labels { get; init; } = [];

    /// <summary>Every evaluation so far.</summary>
    public List<MetricRecord> Metrics { get; init; } = [];

    /// <summary>Training steps done.</summary>
    public long Step { get; init; }

    /// <summary>Current epoch (0-based) of a classifier.</summary>
    public int Epoch { get; init; }

    /// <summary>Batches of the current epoch already trained.</summary>
    public int BatchInEpoch { get; init; }

    /// <summary>Data-order RNG state at the start of the current epoch (its permutation is redrawn from it).</summary>
    public ulong EpochRngState { get; init; }

    /// <summary>Data-order RNG state now.</summary>
    public ulong DataRngState { get; init; }

    /// <summary>Dropout RNG state words.</summary>
    public ulong[] DropoutRngState { get; init; } = [];

    /// <summary>Optimizer state file next to this one.</summary>
    public string OptimizerFile { get; init; } = CheckpointStore.OptimizerFileName;

    /// <summary>Optimizer step counter (bias correction).</summary>
    public long OptimizerStep { get; init; }

    /// <summary>Sum of training losses since the last evaluation.</summary>
    public double TrainLossSum { get; init; }

    /// <summary>Training steps since the last evaluation.</summary>
    public long TrainLossCount { get; init; }

    /// <summary>Best objective value so far (null before the first evaluation).</summary>
    public double? BestObjective { get; init; }

    /// <summary>Training wall time so far, in seconds.</summary>
    public double ElapsedSeconds { get; init; }

    /// <summary>Training tokens processed so far.</summary>
    public long Tokens { get; init; }

    /// <summary>SHA-256 (hex) of each tensor file, by file name.</summary>
    public Dictionary<string, string> Checksums { get; init; } = [];
}

/// <summary>One evaluation in the metrics history.</summary>
internal sealed record MetricRecord(long Step, Dictionary<string, double> Values);
