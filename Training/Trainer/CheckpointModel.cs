using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// A trained model loaded from a checkpoint directory, with the vocabulary, labels and settings it was trained with:
/// evaluates data files and computes attention maps for a sentence.
/// </summary>
internal sealed class CheckpointModel : IDisposable
{
    private CheckpointModel(LoadedCheckpoint checkpoint, EngineSettings settings, TaskData data, ITaskModel model)
    {
        (Checkpoint, Settings, Data, Model) = (checkpoint, settings, data, model);
    }

    /// <summary>The checkpoint read.</summary>
    public LoadedCheckpoint Checkpoint { get; }

    /// <summary>The trial's settings.</summary>
    public EngineSettings Settings { get; }

    /// <summary>Vocabulary, labels and tokenizer (no data sets loaded).</summary>
    public TaskData Data { get; }

    /// <summary>The model with the checkpoint's parameters.</summary>
    public ITaskModel Model { get; }

    /// <summary>Loads the checkpoint in <paramref name="dir"/>; a bad checkpoint fails naming the file.</summary>
    public static CheckpointModel Load(string dir, ITaskModelFactory factory, int threads = 1)
    {
        LoadedCheckpoint c = CheckpointStore.Read(dir);
        string statePath = Path.Combine(dir, CheckpointStore.StateFileName);
        var errors = new List<string>();
        EngineSettings settings = EngineSettingsParser.Parse(c.State.Settings, errors)
            ?? throw new CheckpointException($"{statePath}: settings are not valid for this build: {string.Join("; ", errors)}");
        var vocab = new Vocabulary(c.State.Vocabulary);
        var data = new TaskData
        {
            Vocab = vocab,
            Labels = c.State.Labels.Count > 0 ? new LabelMap(c.State.Labels) : null,
            Tokenizer = settings.Task.StartsWith("synthetic", StringComparison.Ordinal) ? null : Tokenizers.Tokenizers.Create(settings.Tokenizer),
        };
        ITaskModel model = factory.Create(new ModelRequest(settings, vocab.Count, data.Labels?.Count ?? 0, settings.BatchSize, threads, 0, 1));
        try
        {
            TensorLoader.CopyInto(model.Parameters, c.Parameters, Path.Combine(dir, CheckpointStore.ModelFileName));
            model.StateWritten();
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return new CheckpointModel(c, settings, data, model);
    }

    /// <summary>
    /// Evaluates the data file at <paramref name="path"/> (TSV for classifiers, plain text for language models), or the
    /// trial's own validation data when null. Returns loss, accuracy or perplexity, and the count evaluated.
    /// </summary>
    public Dictionary<string, double> Evaluate(string? path)
    {
        EngineSettings s = Settings;
        IReadOnlyList<ClassifyExample> examples = [];
        int[] stream = [];
        if (path is null)
        {
            TaskData full = TaskDataLoader.Load(s, Data.Vocab, Data.Labels);
            (examples, stream) = (full.ValidationExamples, full.ValidationStream);
        }
        else if (s.IsClassifier)
        {
            examples = TaskDataLoader.EncodeTsv(path, Data.Tokenizer ?? new SpaceTokenizer(), Data.Vocab, Data.Labels!, s.BlockSize);
        }
        else
        {
            stream = TaskDataLoader.EncodeText(path, Data.Tokenizer ?? new SpaceTokenizer(), Data.Vocab);
        }

        EvalTotals t = Evaluation.Run(Model, s, examples, stream, 0);
        var result = new Dictionary<string, double> { ["loss"] = t.MeanLoss };
        if (s.IsClassifier)
        {
            result["accuracy"] = t.Accuracy;
            result["examples"] = t.Count;
        }
        else
        {
            result["perplexity"] = Math.Exp(t.MeanLoss);
            result["tokens"] = t.Count;
        }

        return result;
    }

    /// <summary>The tokens of <paramref name="text"/> (up to the block size) and each layer's attention, [heads, T, T].</summary>
    public (IReadOnlyList<string> Tokens, IReadOnlyList<float[]> Layers) Attention(string text)
    {
        IReadOnlyList<string> tokens = Data.Split(text);
        if (tokens.Count == 0)
        {
            throw new ArgumentException("the text has no tokens", nameof(text));
        }

        tokens = [.. tokens.Take(Settings.BlockSize)];
        int[] ids = Data.Vocab.Encode(tokens);
        int[] targets = Settings.IsClassifier ? [0] : [.. ids.Skip(1), -1];
        _ = Model.Evaluate(new Batch(1, ids.Length, ids, targets));
        return (tokens, Model.LastAttention());
    }

    /// <inheritdoc/>
    public void Dispose() => Model.Dispose();

    private sealed class SpaceTokenizer : ITokenizer
    {
        public string Name => "space";

        public IReadOnlyList<string> Tokenize(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }
}
