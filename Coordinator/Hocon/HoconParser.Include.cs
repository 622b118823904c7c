using System.Text;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>The <c>include</c> statement of the parser.</summary>
internal sealed partial class HoconParser
{
    private void ParseInclude(ObjectNode obj, List<string>? path)
    {
        var keyword = Next();
        SkipWhitespace(newlines: true);
        var opener = new StringBuilder();
        var closer = new StringBuilder();
        HoconToken? name = null;
        while (Peek().Kind is TokenKind.Unquoted or TokenKind.Whitespace or TokenKind.QuotedString)
        {
            var t = Next();
            if (t.Kind == TokenKind.QuotedString)
            {
                if (name is not null)
                {
                    throw ConfigException.At(t.Origin, "an include takes one quoted file name");
                }

                name = t;
            }
            else if (t.Kind == TokenKind.Unquoted)
            {
                (name is null ? opener : closer).Append(t.Text);
            }
        }

        var open = opener.ToString();
        var required = open.StartsWith("required(", StringComparison.Ordinal);
        if (required)
        {
            open = open["required(".Length..];
        }

        var kind = open switch
        {
            "" => IncludeKind.Heuristic,
            "file(" => IncludeKind.File,
            "classpath(" => IncludeKind.Classpath,
            "url(" => IncludeKind.Url,
            _ => (IncludeKind?)null,
        };
        var parens = (required ? 1 : 0) + (open.Length > 0 ? 1 : 0);
        if (name is null || kind is null || closer.ToString() != new string(')', parens))
        {
            throw ConfigException.At(keyword.Origin,
                "expected include \"file\", include file(\"file\"), include classpath(\"file\") or include required(...)"
                + " (quote the key, \"include\", to use the word as a key)");
        }

        // inside a list the path is unknown: the included file then resolves on its own
        var included = _includer.Include(kind.Value, name.Text, required, name.Origin, _source, path ?? [], standalone: path is null);
        obj.AddAll(included);
    }
}
