using SweepCluster.Training.Data;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tasks;

/// <summary>
/// Loads the sequence-to-sequence tasks: <c>translate</c> from TSV files (<c>source&lt;TAB&gt;target</c>) or, without a
/// data block, <see cref="SyntheticTranslation"/>; <c>pretrain-span</c> from plain-text files by span corruption.
/// Sources are cut to block_size tokens and targets to block_size − 1 (room for &lt;s&gt; / &lt;/s&gt;).
/// </summary>
internal static class PairTaskLoader
{
    /// <summary>The task's data; <paramref name="vocab"/> / <paramref name="targetVocab"/> come from a checkpoint when resuming or initialising from one.</summary>
    public static TaskData Load(EngineSettings s, Vocabulary? vocab, Vocabulary? targetVocab)
    {
        ITokenizer? tokenizer = s.Task == "translate" && s.TrainPath is null ? null : Tokenizers.Tokenizers.Create(s.Tokenizer);
        List<(string[] Source, string[] Target)> train = Raw(s, tokenizer, s.TrainPath, 0)!;
        List<(string[] Source, string[] Target)> validation = Raw(s, tokenizer, s.ValidationPath, 1)!;
        List<(string[] Source, string[] Target)>? test = s.TestPath is null ? null : Raw(s, tokenizer, s.TestPath, 2);
        if (vocab is null)
        {
            vocab = s.SharedVocab
                ? Pairs.BuildVocabulary(train.SelectMany(p => (string[][])[p.Source, p.Target]), s.MinFreq, s.MaxVocab)
                : Pairs.BuildVocabulary(train.Select(p => p.Source), s.MinFreq, s.MaxVocab);
            targetVocab = s.SharedVocab ? vocab : Pairs.BuildVocabulary(train.Select(p => p.Target), s.MinFreq, s.MaxVocab);
        }

        targetVocab ??= vocab;
        if (!Pairs.HasSpecials(vocab) || !Pairs.HasSpecials(targetVocab))
        {
            throw new DataException($"the vocabulary does not start with <pad> <unk> {Pairs.Bos} {Pairs.Eos} {Pairs.Mask} (not a {s.Task} vocabulary)");
        }

        string separator = tokenizer?.Name == "char" ? "" : " ";
        List<PairExample> Encode(List<(string[] Source, string[] Target)> rows) =>
            [.. rows.Select(p => Pairs.Encode(p.Source, p.Target, vocab, targetVocab, s.BlockSize, s.BlockSize, separator))];
        return new TaskData
        {
            Vocab = vocab,
            TargetVocab = targetVocab,
            Tokenizer = tokenizer,
            TrainPairs = Encode(train),
            ValidationPairs = Encode(validation),
            TestPairs = test is null ? [] : Encode(test),
        };
    }

    private static List<(string[] Source, string[] Target)> Raw(EngineSettings s, ITokenizer? tokenizer, string? path, int part)
    {
        if (tokenizer is null)
        {
            SyntheticSettings syn = s.Synthetic;
            return SyntheticTranslation.Generate(syn, part == 0 ? syn.TrainSize : syn.ValidationSize, part);
        }

        string file = path ?? throw new DataException(part == 0 ? "data.train is required" : "data.validation is required");
        return s.Task == "pretrain-span"
            ? PairSources.SpanCorruption(file, tokenizer, s.SpanFraction, s.BlockSize, s.Synthetic.Seed + part)
            : PairSources.ReadTsv(file, tokenizer);
    }
}
