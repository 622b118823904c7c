using SweepCluster.Training.Data;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tasks;

/// <summary>
/// The encoded data of one engine task: vocabulary, label map (classifiers), and either examples (classifiers) or token
/// streams (language models) for train, validation and optional test.
/// </summary>
internal sealed class TaskData
{
    /// <summary>Token vocabulary.</summary>
    public required Vocabulary Vocab { get; init; }

    /// <summary>Target vocabulary of a sequence-to-sequence task (the same object as <see cref="Vocab"/> when shared).</summary>
    public Vocabulary? TargetVocab { get; init; }

    /// <summary>Training pairs (sequence-to-sequence).</summary>
    public IReadOnlyList<PairExample> TrainPairs { get; init; } = [];

    /// <summary>Validation pairs (sequence-to-sequence).</summary>
    public IReadOnlyList<PairExample> ValidationPairs { get; init; } = [];

    /// <summary>Test pairs (sequence-to-sequence; empty when no test file).</summary>
    public IReadOnlyList<PairExample> TestPairs { get; init; } = [];

    /// <summary>Joins target tokens back into text: "" for the char tokenizer, a space otherwise.</summary>
    public string Separator => Tokenizer?.Name == "char" ? "" : " ";

    /// <summary>Class labels (classifier tasks only).</summary>
    public LabelMap? Labels { get; init; }

    /// <summary>Tokenizer for new text (null for synthetic tasks, whose text is token names separated by spaces).</summary>
    public ITokenizer? Tokenizer { get; init; }

    /// <summary>Training examples (classifiers).</summary>
    public IReadOnlyList<ClassifyExample> TrainExamples { get; init; } = [];

    /// <summary>Validation examples (classifiers).</summary>
    public IReadOnlyList<ClassifyExample> ValidationExamples { get; init; } = [];

    /// <summary>Test examples (classifiers; empty when no test file).</summary>
    public IReadOnlyList<ClassifyExample> TestExamples { get; init; } = [];

    /// <summary>Training token stream (language models).</summary>
    public int[] TrainStream { get; init; } = [];

    /// <summary>Validation token stream (language models).</summary>
    public int[] ValidationStream { get; init; } = [];

    /// <summary>Test token stream (language models; empty when no test file).</summary>
    public int[] TestStream { get; init; } = [];

    /// <summary>True when a test set is present.</summary>
    public bool HasTest => TestExamples.Count > 0 || TestStream.Length > 0 || TestPairs.Count > 0;

    /// <summary>Token ids of <paramref name="text"/> under this task's tokenizer.</summary>
    public int[] Encode(string text) => Vocab.Encode(Split(text));

    /// <summary>Token strings of <paramref name="text"/> under this task's tokenizer.</summary>
    public IReadOnlyList<string> Split(string text) =>
        Tokenizer is null ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : Tokenizer.Tokenize(text);
}

/// <summary>Loads and encodes the data of an engine task.</summary>
internal static class TaskDataLoader
{
    /// <summary>
    /// Loads the task's data. A resumed or evaluated trial passes the checkpoint's <paramref name="vocab"/> and
    /// <paramref name="labels"/> so ids stay identical; otherwise they are built from the training data.
    /// </summary>
    public static TaskData Load(EngineSettings s, Vocabulary? vocab = null, LabelMap? labels = null, Vocabulary? targetVocab = null) => s.Task switch
    {
        "translate" or "pretrain-span" => PairTaskLoader.Load(s, vocab, targetVocab),
        "synthetic-majority" => new TaskData
        {
            Vocab = SyntheticTasks.MajorityVocabulary(s.Synthetic),
            Labels = SyntheticTasks.MajorityLabels(s.Synthetic),
            TrainExamples = SyntheticTasks.Majority(s.Synthetic, s.Synthetic.TrainSize, 0),
            ValidationExamples = SyntheticTasks.Majority(s.Synthetic, s.Synthetic.ValidationSize, 1),
        },
        "synthetic-induction" => new TaskData
        {
            Vocab = SyntheticTasks.InductionVocabulary(s.Synthetic),
            TrainStream = SyntheticTasks.Induction(s.Synthetic, s.Synthetic.TrainSize, 0),
            ValidationStream = SyntheticTasks.Induction(s.Synthetic, s.Synthetic.ValidationSize, 1),
        },
        "classify" => LoadClassify(s, vocab, labels),
        "language-model" => LoadLanguageModel(s, vocab),
        _ => throw new ArgumentException($"not an engine task: {s.Task}"),
    };

    /// <summary>Encodes a classification file with an existing vocabulary and label map.</summary>
    public static IReadOnlyList<ClassifyExample> EncodeTsv(string path, ITokenizer tokenizer, Vocabulary vocab, LabelMap labels, int block)
    {
        var examples = new List<ClassifyExample>();
        foreach (LabelledText row in TsvReader.Read(path))
        {
            int[] ids = vocab.Encode(tokenizer.Tokenize(row.Text));
            examples.Add(new ClassifyExample(ids.Length > block ? ids[..block] : ids, labels.Id(row.Label, $"{path}:{row.Line}")));
        }

        return examples;
    }

    private static TaskData LoadClassify(EngineSettings s, Vocabulary? vocab, LabelMap? labels)
    {
        ITokenizer tokenizer = Tokenizers.Tokenizers.Create(s.Tokenizer);
        string trainPath = s.TrainPath ?? throw new DataException("data.train is required");
        IReadOnlyList<LabelledText> train = TsvReader.Read(trainPath);
        if (train.Count == 0)
        {
            throw new DataException($"{trainPath}: no rows");
        }

        vocab ??= s.VocabFiles.Count > 0
            ? VocabularyFromFiles(s, tokenizer)
            : Vocabulary.Build(train.Select(r => tokenizer.Tokenize(r.Text)), s.MinFreq, s.MaxVocab);
        labels ??= LabelMap.Build(train.Select(r => r.Label));
        return new TaskData
        {
            Vocab = vocab,
            Labels = labels,
            Tokenizer = tokenizer,
            TrainExamples = EncodeTsv(trainPath, tokenizer, vocab, labels, s.BlockSize),
            ValidationExamples = EncodeTsv(s.ValidationPath ?? throw new DataException("data.validation is required"), tokenizer, vocab, labels, s.BlockSize),
            TestExamples = s.TestPath is null ? [] : EncodeTsv(s.TestPath, tokenizer, vocab, labels, s.BlockSize),
        };
    }

    private static TaskData LoadLanguageModel(EngineSettings s, Vocabulary? vocab)
    {
        ITokenizer tokenizer = Tokenizers.Tokenizers.Create(s.Tokenizer);
        string trainPath = s.TrainPath ?? throw new DataException("data.train is required");
        IReadOnlyList<string> trainTokens = tokenizer.Tokenize(DataFiles.ReadAllText(trainPath));
        if (trainTokens.Count < s.BlockSize + 1)
        {
            throw new DataException($"{trainPath}: {trainTokens.Count} tokens, fewer than block_size + 1 = {s.BlockSize + 1}");
        }

        vocab ??= s.VocabFiles.Count > 0 ? VocabularyFromFiles(s, tokenizer) : Vocabulary.Build([trainTokens], s.MinFreq, s.MaxVocab);
        return new TaskData
        {
            Vocab = vocab,
            Tokenizer = tokenizer,
            TrainStream = vocab.Encode(trainTokens),
            ValidationStream = EncodeText(s.ValidationPath ?? throw new DataException("data.validation is required"), tokenizer, vocab),
            TestStream = s.TestPath is null ? [] : EncodeText(s.TestPath, tokenizer, vocab),
        };
    }

    /// <summary>
    /// The vocabulary of <see cref="EngineSettings.VocabFiles"/>: each file's whole text tokenized as prose (a TSV's label
    /// column included, as the PA2 reference builds its vocabulary from the raw training files).
    /// </summary>
    private static Vocabulary VocabularyFromFiles(EngineSettings s, ITokenizer tokenizer) =>
        Vocabulary.Build(s.VocabFiles.Select(f => tokenizer.Tokenize(DataFiles.ReadAllText(f))), s.MinFreq, s.MaxVocab);

    /// <summary>The token ids of a plain-text file (at least two tokens).</summary>
    public static int[] EncodeText(string path, ITokenizer tokenizer, Vocabulary vocab)
    {
        int[] ids = vocab.Encode(tokenizer.Tokenize(DataFiles.ReadAllText(path)));
        return ids.Length >= 2 ? ids : throw new DataException($"{path}: fewer than 2 tokens");
    }
}
