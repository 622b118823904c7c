using System.Text.RegularExpressions;

namespace SweepCluster.Training.Tokenizers;

/// <summary>
/// A small stand-in for NLTK's Punkt sentence splitter on ordinary English prose: a sentence ends at <c>.</c>, <c>?</c>
/// or <c>!</c> (with any closing quotes or brackets) followed by whitespace, except after a known abbreviation, an
/// initial (a single letter) or a word with an inner period (<c>U.S.</c>); an ellipsis ends a sentence only before
/// a capitalised word.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly Regex Candidate = new(
        "[.?!]+[\"'”’)\\]]*(?=\\s)", RegexOptions.CultureInvariant);

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "gen", "gov", "sen", "rep", "prof", "inc", "co",
        "corp", "ltd", "mt", "ft", "lt", "col", "sgt", "capt", "rev", "hon", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vol", "approx", "dept", "est", "fig",
    };

    /// <summary>The sentences of <paramref name="text"/>, trimmed; empty text gives none.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var sentences = new List<string>();
        int start = 0;
        foreach (Match m in Candidate.Matches(text))
        {
            if (!EndsSentence(text, start, m))
            {
                continue;
            }

            Add(sentences, text[start..(m.Index + m.Length)]);
            start = m.Index + m.Length;
        }

        Add(sentences, text[start..]);
        return sentences;
    }

    private static bool EndsSentence(string text, int start, Match m)
    {
        string run = m.Value.TrimEnd('"', '\'', '”', '’', ')', ']');
        if (run.Contains('?', StringComparison.Ordinal) || run.Contains('!', StringComparison.Ordinal))
        {
            return true;
        }

        if (run.Length > 1)
        {
            int next = m.Index + m.Length;
            while (next < text.Length && char.IsWhiteSpace(text[next]))
            {
                next++;
            }

            return next < text.Length && char.IsUpper(text[next]);
        }

        int wordStart = m.Index;
        while (wordStart > start && !char.IsWhiteSpace(text[wordStart - 1]))
        {
            wordStart--;
        }

        string word = text[wordStart..m.Index].TrimStart('"', '\'', '“', '‘', '(', '[');
        if (word.Length == 1 && char.IsLetter(word[0]))
        {
            return false;
        }

        return !Abbreviations.Contains(word) && !word.Contains('.', StringComparison.Ordinal);
    }

    private static void Add(List<string> sentences, string sentence)
    {
        string trimmed = sentence.Trim();
        if (trimmed.Length > 0)
        {
            sentences.Add(trimmed);
        }
    }
}
