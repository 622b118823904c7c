using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Tests.Support;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tests.Tasks;

/// <summary>The synthetic translation rules, the TSV corpus format, span corruption and batching of pairs.</summary>
public sealed class TranslationDataTests
{
    [Fact]
    public void Generate_SameSeed_SamePairsAndTheRulesHold()
    {
        var s = new SyntheticSettings { Seed = 3, Vocab = 6 };
        var pairs = SyntheticTranslation.Generate(s, 200, 0);

        Assert.Equal(pairs.Select(p => string.Join(' ', p.Target)), SyntheticTranslation.Generate(s, 200, 0).Select(p => string.Join(' ', p.Target)));
        foreach ((string[] src, string[] tgt) in pairs)
        {
            int tense = Array.FindIndex(src, w => w is "past" or "now" or "will");
            bool subjectPlural = src[tense - 1] == "pl";
            string verb = src[tense + 1];
            Assert.Equal($"ta{verb[1..]}-{src[tense]}{(subjectPlural ? "-pl" : "")}", tgt[^1]);
            string objectNoun = src.Last(w => w.StartsWith('n'));
            Assert.StartsWith($"ko{objectNoun[1..]}-acc", tgt[0], StringComparison.Ordinal);
            Assert.Equal(src.Length - 2 - src.Count(w => w == "pl"), tgt.Length - 1);
            Assert.True(tgt.Length >= 4, string.Join(" ", tgt));
        }
    }

    [Fact]
    public void ReadTsv_RowWithoutTab_ErrorNamesFileAndLine()
    {
        using var dir = new TempDir();
        string path = dir.File("c.tsv", "a b\tx y\r\n\nno tab here\n");

        var e = Assert.Throws<DataException>(() => PairSources.ReadTsv(path, new WordTokenizer()));

        Assert.Equal($"{path}:3: expected 'source<TAB>target', found no tab", e.Message);
    }

    [Theory]
    [InlineData("word")]
    [InlineData("char")]
    public void SpanCorruption_EachLine_OneMaskAndTheSpanFillsIt(string tokenizer)
    {
        using var dir = new TempDir();
        string path = dir.File("t.txt", "the quick brown fox jumps over the lazy dog .\nshort line\n\nx\n");
        ITokenizer tok = SweepCluster.Training.Tokenizers.Tokenizers.Create(tokenizer);

        var pairs = PairSources.SpanCorruption(path, tok, 0.3, 64, 5);

        Assert.Equal(2, pairs.Count); // "x" has one token: nothing to mask around
        string[] lines = ["the quick brown fox jumps over the lazy dog .", "short line", "x"];
        for (int i = 0; i < pairs.Count; i++)
        {
            (string[] src, string[] tgt) = pairs[i];
            Assert.Single(src, w => w == Pairs.Mask);
            int at = Array.IndexOf(src, Pairs.Mask);
            string[] restored = [.. src[..at], .. tgt, .. src[(at + 1)..]];
            Assert.Equal(tok.Tokenize(lines[i]), restored);
        }
    }

    [Fact]
    public void Collate_TwoPairs_DecoderInputStartsWithBosAndTargetsEndWithEos()
    {
        PairExample[] pairs = [new([5, 6, 7], [8, 9], "a b"), new([5], [10], "c")];

        Batch b = Pairs.Collate(pairs, [0, 1]);

        Assert.Equal(3, b.SourceLength);
        Assert.Equal([5, 6, 7, 5, 0, 0], b.Source);
        Assert.Equal([Pairs.BosId, 8, 9, Pairs.BosId, 10, 0], b.Tokens);
        Assert.Equal([8, 9, Pairs.EosId, 10, Pairs.EosId, -1], b.Targets);
    }
}
