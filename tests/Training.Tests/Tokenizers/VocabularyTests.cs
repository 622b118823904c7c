using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tests.Tokenizers;

public sealed class VocabularyTests
{
    [Fact]
    public void Build_Counts_OrdersByFrequencyThenOrdinal()
    {
        var v = Vocabulary.Build([["b", "a", "c", "a"], ["c", "B", "a"]]);
        Assert.Equal(["<pad>", "<unk>", "a", "c", "B", "b"], v.Tokens);
        Assert.Equal(2, v.Id("a"));
        Assert.Equal(Vocabulary.UnkId, v.Id("zzz"));
    }

    [Fact]
    public void Build_MinFreqAndMaxVocab_DropRareTokens()
    {
        string[][] streams = [["x", "x", "x", "y", "y", "z"]];
        Assert.Equal(["<pad>", "<unk>", "x", "y"], Vocabulary.Build(streams, minFreq: 2).Tokens);
        Assert.Equal(["<pad>", "<unk>", "x"], Vocabulary.Build(streams, maxVocab: 3).Tokens);
    }

    [Fact]
    public void Encode_UnknownTokens_MapToUnk()
    {
        var v = new Vocabulary(["<pad>", "<unk>", "hello"]);
        Assert.Equal([2, 1, 2], v.Encode(["hello", "world", "hello"]));
    }

    [Fact]
    public void Constructor_WithoutSpecials_Throws()
    {
        Assert.Throws<ArgumentException>(() => new Vocabulary(["a", "b"]));
    }

    [Fact]
    public void CharTokenizer_Text_OneTokenPerCharacter()
    {
        Assert.Equal(["a", "b", " ", "é", "\n"], new CharTokenizer().Tokenize("ab é\n"));
    }
}
