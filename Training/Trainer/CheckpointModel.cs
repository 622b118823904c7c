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

    /// <summary>
    /// Loads the checkpoint in <paramref name="dir"/>; a bad checkpoint fails naming the file. <paramref name="beamSize"/>
    /// replaces the trial's beam_size for decoding (translate, pretrain-span).
    /// </summary>
    public static CheckpointModel Load(string dir, ITaskModelFactory factory, int threads = 1, int? beamSize = null)
    {
        LoadedCheckpoint c = CheckpointStore.Read(dir);
        string statePath = Path.Combine(dir, CheckpointStore.StateFileName);
        var errors = new List<string>();
        EngineSettings settings = EngineSettingsParser.Parse(c.State.Settings, errors)
            ?? throw new CheckpointException($"{statePath}: settings are not valid for this build: {string.Join("; ", errors)}");
        settings = beamSize is { } k && settings.IsSeq2Seq ? settings with { BeamSize = k } : settings;
        var vocab = new Vocabulary(c.State.Vocabulary);
        Vocabulary? target = settings.IsSeq2Seq ? c.State.TargetVocabulary.Count > 0 ? new Vocabulary(c.State.TargetVocabulary) : vocab : null;
        var data = new TaskData
        {
            Vocab = vocab,
            TargetVocab = target,
            Labels = c.State.Labels.Count > 0 ? new LabelMap(c.State.Labels) : null,
            Tokenizer = settings.Task.StartsWith("synthetic", StringComparison.Ordinal) || (settings.Task == "translate" && settings.TrainPath is null)
            ? null : Tokenizers.Tokenizers.Create(settings.Tokenizer),
        };
        ITaskModel model = factory.Create(new ModelRequest(settings, vocab.Count, data.Labels?.Count ?? 0, settings.BatchSize, threads, 0, 1, target?.Count ?? 0));
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
        if (s.IsSeq2Seq)
        {
            return EvaluatePairs(path);
        }

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

    // translate: a TSV file of pairs; pretrain-span: a text file, corrupted as in training; null: the trial's validation data.
    private Dictionary<string, double> EvaluatePairs(string? path)
    {
        EngineSettings s = Settings;
        Vocabulary target = Data.TargetVocab ?? Data.Vocab;
        IReadOnlyList<PairExample> pairs;
        if (path is null)
        {
            pairs = TaskDataLoader.Load(s, Data.Vocab, null, target).ValidationPairs;
        }
        else
        {
            ITokenizer tokenizer = Data.Tokenizer ?? new SpaceTokenizer();
            var raw = s.Task == "pretrain-span"
                ? PairSources.SpanCorruption(path, tokenizer, s.SpanFraction, s.BlockSize, s.Synthetic.Seed + 1)
                : PairSources.ReadTsv(path, tokenizer);
            pairs = [.. raw.Select(p => Pairs.Encode(p.Source, p.Target, Data.Vocab, target, s.BlockSize, s.BlockSize, Data.Separator))];
        }

        var values = new Dictionary<string, double>();
        Seq2SeqEvaluation.Add(values, "eval", Model, s, Data, pairs, 0);
        return new Dictionary<string, double>
        {
            ["loss"] = values["eval_loss"],
            ["token_accuracy"] = values["eval_token_accuracy"],
            ["bleu"] = values["eval_bleu"],
            ["pairs"] = pairs.Count,
        };
    }

    /// <summary>The tokens of <paramref name="text"/> (up to the block size) and each layer's attention, [heads, T, T].</summary>
    public (IReadOnlyList<string> Tokens, IReadOnlyList<float[]> Layers) Attention(string text)
    {
        if (Settings.IsSeq2Seq)
        {
            throw new ArgumentException($"attention maps are drawn for classify and language-model checkpoints, not {Settings.Task}");
        }

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
