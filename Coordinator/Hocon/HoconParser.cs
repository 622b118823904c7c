namespace SweepCluster.Coordinator.Hocon;

/// <summary>Builds the unresolved tree of one document from its tokens (includes are parsed and spliced in here).</summary>
internal sealed partial class HoconParser
{
    /// <summary>Deepest nesting of objects, lists and dotted key segments accepted (deeper input would exhaust the stack).</summary>
    public const int MaxDepth = 1000;

    private readonly List<HoconToken> _tokens;
    private readonly HoconSource _source;
    private readonly HoconIncluder _includer;
    private readonly IReadOnlyList<string> _includePrefix;
    private int _pos;
    private int _depth;

    private HoconParser(List<HoconToken> tokens, HoconSource source, HoconIncluder includer, IReadOnlyList<string> includePrefix)
    {
        _tokens = tokens;
        _source = source;
        _includer = includer;
        _includePrefix = includePrefix;
    }

    /// <summary>Parses a whole document; its root must be an object (braces optional).</summary>
    public static ObjectNode ParseDocument(HoconSource source, string text, HoconIncluder includer, IReadOnlyList<string> includePrefix)
    {
        var parser = new HoconParser(HoconLexer.Tokenize(source, text), source, includer, includePrefix) { _depth = includePrefix.Count };
        return parser.ParseRoot();
    }

    private HoconToken Peek(int ahead = 0) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    private HoconToken Next() => _tokens[Math.Min(_pos++, _tokens.Count - 1)];

    private void SkipWhitespace(bool newlines)
    {
        while (Peek().Kind == TokenKind.Whitespace || (newlines && Peek().Kind == TokenKind.Newline))
        {
            _pos++;
        }
    }

    /// <summary>
    /// Skips the whitespace after a field or list element; when a new line follows, also skips further blank lines so
    /// that a comma may start the next line (<c>[1\n, 2]</c>, JSON's <c>{"a": 1\n, "b": 2}</c>). True when a new line was seen.
    /// </summary>
    private bool SkipToSeparator()
    {
        SkipWhitespace(newlines: false);
        if (Peek().Kind != TokenKind.Newline)
        {
            return false;
        }

        SkipWhitespace(newlines: true);
        return true;
    }

    private static ConfigException Unexpected(HoconToken token, string expected) =>
        ConfigException.At(token.Origin, $"expected {expected}, found {token.Describe()}");

    private ObjectNode ParseRoot()
    {
        SkipWhitespace(newlines: true);
        var first = Peek();
        if (first.Kind == TokenKind.OpenBracket)
        {
            throw ConfigException.At(first.Origin, "the root of a document must be an object, found a list");
        }

        if (first.Kind != TokenKind.OpenBrace)
        {
            return ParseObjectBody(braces: false, [.. _includePrefix], first.Origin);
        }

        Next();
        var root = ParseObjectBody(braces: true, [.. _includePrefix], first.Origin);
        SkipWhitespace(newlines: true);
        if (Peek().Kind != TokenKind.Eof)
        {
            throw Unexpected(Peek(), "end of file after the root object");
        }

        return root;
    }

    private ObjectNode ParseObjectBody(bool braces, List<string>? path, HoconOrigin origin)
    {
        Descend(origin, 1);
        try
        {
            return ParseObjectMembers(braces, path, origin);
        }
        finally
        {
            _depth--;
        }
    }

    private void Descend(HoconOrigin origin, int levels)
    {
        if (_depth + levels > MaxDepth)
        {
            throw ConfigException.At(origin, $"nested deeper than {MaxDepth} levels (objects, lists and dotted key segments together)");
        }

        _depth += levels;
    }

    private ObjectNode ParseObjectMembers(bool braces, List<string>? path, HoconOrigin origin)
    {
        var obj = new ObjectNode(origin);
        var expectKey = braces ? "a key or '}'" : "a key";
        while (true)
        {
            SkipWhitespace(newlines: true);
            var t = Peek();
            if (t.Kind == TokenKind.CloseBrace && braces)
            {
                Next();
                return obj;
            }

            if (t.Kind == TokenKind.Eof)
            {
                if (braces)
                {
                    throw Unexpected(t, "a key or '}'");
                }

                return obj;
            }

            if (IsInclude())
            {
                ParseInclude(obj, path);
            }
            else
            {
                ParseField(obj, path, expectKey);
            }

            var afterNewline = SkipToSeparator();
            var after = Peek();
            if (after.Kind == TokenKind.Comma)
            {
                Next();
                SkipWhitespace(newlines: true);
                if (Peek().Kind == TokenKind.Comma)
                {
                    throw Unexpected(Peek(), expectKey);
                }
            }
            else if (!afterNewline && after.Kind != TokenKind.Eof && !(braces && after.Kind == TokenKind.CloseBrace))
            {
                throw Unexpected(after, braces ? "',', a new line or '}' after a field" : "',' or a new line after a field");
            }
        }
    }

    /// <summary>
    /// A key that starts with the bare word <c>include</c> is an include statement (the spec: anything but a file name after
    /// it is an error, and <c>include"file"</c> needs no space); <c>"include"</c> quoted is an ordinary key.
    /// </summary>
    private bool IsInclude() => Peek().Kind == TokenKind.Unquoted && Peek().Text == "include";

    private void ParseField(ObjectNode obj, List<string>? path, string expectKey)
    {
        var start = Peek();
        var keyTokens = new List<HoconToken>();
        while (Peek().IsValuePiece || Peek().Kind == TokenKind.Whitespace)
        {
            keyTokens.Add(Next());
        }

        if (!keyTokens.Exists(k => k.Kind != TokenKind.Whitespace))
        {
            throw Unexpected(Peek(), expectKey);
        }

        var key = HoconPath.FromTokens(keyTokens, start.Origin, "key");
        Descend(start.Origin, key.Count - 1);
        try
        {
            ParseFieldValue(obj, path, start, key);
        }
        finally
        {
            _depth -= key.Count - 1;
        }
    }

    private void ParseFieldValue(ObjectNode obj, List<string>? path, HoconToken start, IReadOnlyList<string> key)
    {
        SkipWhitespace(newlines: true);
        List<string>? fullPath = path is null ? null : [.. path, .. key];
        var sep = Peek();
        HoconNode value;
        switch (sep.Kind)
        {
            case TokenKind.OpenBrace:
                value = ParseValue(fullPath);
                break;
            case TokenKind.Colon or TokenKind.Equals:
                Next();
                SkipWhitespace(newlines: true);
                value = ParseValue(fullPath);
                break;
            case TokenKind.PlusEquals:
                Next();
                SkipWhitespace(newlines: true);
                var appended = ParseValue(fullPath);
                if (fullPath is null)
                {
                    throw ConfigException.At(sep.Origin, "'+=' is not supported inside a list");
                }

                value = new ConcatNode(sep.Origin, [new SubstitutionNode(sep.Origin, fullPath, optional: true, []) { FromAppend = true }, new ArrayNode(appended.Origin, [appended])]);
                break;
            default:
                throw Unexpected(sep, $"':', '=', '+=' or '{{' after key '{HoconPath.Render(key)}'");
        }

        for (var i = key.Count - 1; i > 0; i--)
        {
            var wrapper = new ObjectNode(start.Origin);
            wrapper.Add(key[i], value, start.Origin);
            value = wrapper;
        }

        obj.Add(key[0], value, start.Origin);
    }

    private HoconNode ParseValue(List<string>? path)
    {
        var parts = new List<HoconNode>();
        while (true)
        {
            var t = Peek();
            HoconNode? part = t.Kind switch
            {
                TokenKind.QuotedString or TokenKind.Unquoted => new ScalarNode(t.Origin, HoconScalarKind.String, t.Text),
                TokenKind.Number => new ScalarNode(t.Origin, HoconScalarKind.Number, t.Text),
                TokenKind.True or TokenKind.False => new ScalarNode(t.Origin, HoconScalarKind.Boolean, t.Text),
                TokenKind.Null => new ScalarNode(t.Origin, HoconScalarKind.Null, t.Text),
                TokenKind.Substitution => new SubstitutionNode(t.Origin, t.Path, t.Optional, _includePrefix),
                TokenKind.Whitespace when parts.Count > 0 => new ScalarNode(t.Origin, HoconScalarKind.String, t.Text, isWhitespace: true),
                _ => null,
            };
            if (part is not null)
            {
                Next();
                parts.Add(part);
                continue;
            }

            if (t.Kind == TokenKind.OpenBrace)
            {
                Next();
                parts.Add(ParseObjectBody(braces: true, path, t.Origin));
            }
            else if (t.Kind == TokenKind.OpenBracket)
            {
                Next();
                parts.Add(ParseArray(t.Origin));
            }
            else
            {
                break;
            }
        }

        while (parts.Count > 0 && parts[^1] is ScalarNode { IsWhitespace: true })
        {
            parts.RemoveAt(parts.Count - 1);
        }

        return parts.Count switch
        {
            0 => throw Unexpected(Peek(), "a value"),
            1 => parts[0],
            _ => new ConcatNode(parts[0].Origin, parts),
        };
    }

    private ArrayNode ParseArray(HoconOrigin origin)
    {
        Descend(origin, 1);
        try
        {
            return ParseArrayItems(origin);
        }
        finally
        {
            _depth--;
        }
    }

    private ArrayNode ParseArrayItems(HoconOrigin origin)
    {
        var items = new List<HoconNode>();
        while (true)
        {
            SkipWhitespace(newlines: true);
            var t = Peek();
            if (t.Kind == TokenKind.CloseBracket)
            {
                Next();
                return new ArrayNode(origin, items);
            }

            if (t.Kind is TokenKind.Comma or TokenKind.Eof or TokenKind.CloseBrace or TokenKind.Colon or TokenKind.Equals)
            {
                throw Unexpected(t, "a value or ']'");
            }

            items.Add(ParseValue(null));
            var afterNewline = SkipToSeparator();
            var after = Peek();
            if (after.Kind == TokenKind.Comma)
            {
                Next();
                SkipWhitespace(newlines: true);
                if (Peek().Kind == TokenKind.Comma)
                {
                    throw Unexpected(Peek(), "a value or ']'");
                }
            }
            else if (!afterNewline && after.Kind != TokenKind.CloseBracket)
            {
                throw Unexpected(after, "',', a new line or ']' in a list");
            }
        }
    }
}
