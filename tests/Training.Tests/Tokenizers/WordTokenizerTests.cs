using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tests.Tokenizers;

public sealed class WordTokenizerTests
{
    // Expected outputs are NLTK 3.8 word_tokenize results for these sentences (checked by hand).
    [Theory]
    [InlineData("That's how progress happens -- in societies and in our own lives.", "That|'s|how|progress|happens|--|in|societies|and|in|our|own|lives|.")]
    [InlineData("They don't want it, and we can't give it; I'm sure you'll see.", "They|do|n't|want|it|,|and|we|ca|n't|give|it|;|I|'m|sure|you|'ll|see|.")]
    [InlineData("He said, \"It's the world's interest.\"", "He|said|,|``|It|'s|the|world|'s|interest|.|''")]
    [InlineData("Cannot stop (the) [things] {now}: 3,000 dollars, 1:30 pm!", "Can|not|stop|(|the|)|[|things|]|{|now|}|:|3,000|dollars|,|1:30|pm|!")]
    [InlineData("Is it true? Yes... it's $5 & 10% off @home #1", "Is|it|true|?|Yes|...|it|'s|$|5|&|10|%|off|@|home|#|1")]
    [InlineData("We're here, they've gone, I'd go, we'll stay.", "We|'re|here|,|they|'ve|gone|,|I|'d|go|,|we|'ll|stay|.")]
    [InlineData("'Hello,' she said.", "'Hello|,|'|she|said|.")]
    [InlineData("I wanna gonna gotta lemme gimme it", "I|wan|na|gon|na|got|ta|lem|me|gim|me|it")]
    [InlineData("'Tis the season, 'twas the night.", "'T|is|the|season|,|'t|was|the|night|.")]
    public void Tokenize_TreebankCases_MatchNltk(string text, string expected)
    {
        Assert.Equal(expected.Split('|'), new WordTokenizer().Tokenize(text));
    }

    [Fact]
    public void Tokenize_SeveralSentences_SplitsEachFinalPeriod()
    {
        IReadOnlyList<string> tokens = new WordTokenizer().Tokenize("The terrorists' plan failed. Our forces won!  \"Good.\" Next");
        Assert.Equal(["The", "terrorists", "'", "plan", "failed", ".", "Our", "forces", "won", "!", "``", "Good", ".", "''", "Next"], tokens);
    }

    [Fact]
    public void Tokenize_AbbreviationsAndInitials_DoNotEndSentences()
    {
        IReadOnlyList<string> tokens = new WordTokenizer().Tokenize("Mr. Bush met George H. W. Bush in the U.S. Capitol today.");
        Assert.Equal(["Mr.", "Bush", "met", "George", "H.", "W.", "Bush", "in", "the", "U.S.", "Capitol", "today", "."], tokens);
    }

    [Fact]
    public void Tokenize_EmptyOrBlank_ReturnsNoTokens()
    {
        Assert.Empty(new WordTokenizer().Tokenize(" \r\n\t "));
    }

    [Fact]
    public void Create_UnknownName_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => Training.Tokenizers.Tokenizers.Create("bpe"));
        Assert.Contains("'bpe'", e.Message, StringComparison.Ordinal);
    }
}
