using System.Text;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>Path expressions (<c>a.b."c.d"</c>): unquoted pieces split on dots, quoted pieces do not.</summary>
internal static class HoconPath
{
    /// <summary>Builds a path from the tokens of a key or substitution (outer whitespace ignored).</summary>
    public static IReadOnlyList<string> FromTokens(IReadOnlyList<HoconToken> tokens, HoconOrigin origin, string what)
    {
        var first = 0;
        var last = tokens.Count - 1;
        while (first <= last && tokens[first].Kind == TokenKind.Whitespace)
        {
            first++;
        }

        while (last >= first && tokens[last].Kind == TokenKind.Whitespace)
        {
            last--;
        }

        if (first > last)
        {
            throw ConfigException.At(origin, $"expected a path in {what}, found nothing");
        }

        var elements = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        for (var i = first; i <= last; i++)
        {
            var token = tokens[i];
            if (token.Kind is TokenKind.QuotedString or TokenKind.Whitespace)
            {
                current.Append(token.Text);
                hasContent = true;
                continue;
            }

            foreach (var c in token.Text)
            {
                if (c != '.')
                {
                    current.Append(c);
                    hasContent = true;
                    continue;
                }

                if (!hasContent)
                {
                    throw ConfigException.At(token.Origin, $"{what} '{Join(tokens, first, last)}' has an empty element (quote it as \"\" if you mean an empty key)");
                }

                elements.Add(current.ToString());
                current.Clear();
                hasContent = false;
            }
        }

        if (!hasContent)
        {
            throw ConfigException.At(tokens[last].Origin, $"{what} '{Join(tokens, first, last)}' ends with '.'");
        }

        elements.Add(current.ToString());
        return elements;
    }

    /// <summary>Renders a path for messages, quoting elements that need it.</summary>
    public static string Render(IEnumerable<string> path) =>
        string.Join('.', path.Select(e => e.Length > 0 && e.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? e : $"\"{e}\""));

    private static string Join(IReadOnlyList<HoconToken> tokens, int first, int last) =>
        string.Concat(tokens.Skip(first).Take(last - first + 1).Select(t => t.Kind == TokenKind.QuotedString ? $"\"{t.Text}\"" : t.Text));
}
