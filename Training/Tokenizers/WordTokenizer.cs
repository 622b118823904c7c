using System.Text.RegularExpressions;

namespace SweepCluster.Training.Tokenizers;

/// <summary>
/// English word tokens compatible with NLTK's <c>word_tokenize</c> on ordinary prose: the text is split into sentences
/// (<see cref="SentenceSplitter"/>), then each sentence goes through the improved Treebank rules (starting quotes,
/// punctuation, brackets, dashes, ending quotes and clitics such as <c>n't</c>, <c>'s</c>, <c>'re</c>, then contractions
/// such as <c>cannot</c> → <c>can not</c>). Double quotes become <c>``</c> (opening) and <c>''</c> (closing).
/// </summary>
internal sealed class WordTokenizer : ITokenizer
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    private static readonly (Regex Pattern, string Replacement)[] StartingQuotes =
    [
        (new Regex("([«“‘„]|[`]+)", Options), " $1 "),
        (new Regex("^\"", Options), "``"),
        (new Regex("(``)", Options), " $1 "),
        (new Regex("([ \\(\\[{<])(\"|'{2})", Options), "$1 `` "),
        (new Regex("(?i)(')(?!re|ve|ll|m|t|s|d|n)(\\w)\\b", Options), "$1 $2"),
    ];

    private static readonly (Regex Pattern, string Replacement)[] Punctuation =
    [
        (new Regex("([^\\.])(\\.)([\\]\\)}>\"'»”’ ]*)\\s*$", Options), "$1 $2 $3 "),
        (new Regex("([:,])([^\\d])", Options), " $1 $2"),
        (new Regex("([:,])$", Options), " $1 "),
        (new Regex("\\.{2,}", Options), " $0 "),
        (new Regex("[;@#$%&]", Options), " $0 "),
        (new Regex("([^\\.])(\\.)([\\]\\)}>\"']*)\\s*$", Options), "$1 $2$3 "),
        (new Regex("[?!]", Options), " $0 "),
        (new Regex("([^'])' ", Options), "$1 ' "),
        (new Regex("[*]", Options), " $0 "),
    ];

    private static readonly (Regex Pattern, string Replacement)[] Brackets =
    [
        (new Regex("[\\]\\[\\(\\)\\{\\}<>]", Options), " $0 "),
        (new Regex("--", Options), " -- "),
    ];

    private static readonly (Regex Pattern, string Replacement)[] EndingQuotes =
    [
        (new Regex("([»”’])", Options), " $1 "),
        (new Regex("''", Options), " '' "),
        (new Regex("\"", Options), " '' "),
        (new Regex("([^' ])('[sS]|'[mM]|'[dD]|') ", Options), "$1 $2 "),
        (new Regex("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", Options), "$1 $2 "),
    ];

    private static readonly (Regex Pattern, string Replacement)[] Contractions =
    [
        (new Regex("(?i)\\b(can)(not)\\b", Options), " $1 $2 "),
        (new Regex("(?i)\\b(d)('ye)\\b", Options), " $1 $2 "),
        (new Regex("(?i)\\b(gim)(me)\\b", Options), " $1 $2 "),
        (new Regex("(?i)\\b(gon)(na)\\b", Options), " $1 $2 "),
        (new Regex("(?i)\\b(got)(ta)\\b", Options), " $1 $2 "),
        (new Regex("(?i)\\b(lem)(me)\\b", Options), " $1 $2 "),
        (new Regex("(?i)\\b(more)('n)\\b", Options), " $1 $2 "),
        (new Regex("(?i)\\b(wan)(na)(?=\\s)", Options), " $1 $2 "),
        (new Regex("(?i) ('t)(is)\\b", Options), " $1 $2 "),
        (new Regex("(?i) ('t)(was)\\b", Options), " $1 $2 "),
    ];

    private static readonly char[] Whitespace = [' ', '\t', '\n', '\r', '\f', '\v'];

    /// <inheritdoc/>
    public string Name => "word";

    /// <inheritdoc/>
    public IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        foreach (string sentence in SentenceSplitter.Split(text))
        {
            TokenizeSentence(sentence, tokens);
        }

        return tokens;
    }

    /// <summary>Appends the Treebank tokens of one sentence to <paramref name="tokens"/>.</summary>
    public static void TokenizeSentence(string sentence, List<string> tokens)
    {
        string text = Apply(StartingQuotes, sentence);
        text = Apply(Punctuation, text);
        text = Apply(Brackets, text);
        text = " " + text + " ";
        text = Apply(EndingQuotes, text);
        text = Apply(Contractions, text);
        tokens.AddRange(text.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Apply((Regex Pattern, string Replacement)[] rules, string text)
    {
        foreach ((Regex pattern, string replacement) in rules)
        {
            text = pattern.Replace(text, replacement);
        }

        return text;
    }
}
