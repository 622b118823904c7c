using System.Globalization;

namespace SweepCluster.Training.Tokenizers;

/// <summary>One token per Unicode text element (a character, or a surrogate pair / combining sequence kept whole).</summary>
internal sealed class CharTokenizer : ITokenizer
{
    /// <inheritdoc/>
    public string Name => "char";

    /// <inheritdoc/>
    public IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>(text.Length);
        TextElementEnumerator e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            tokens.Add(e.GetTextElement());
        }

        return tokens;
    }
}
