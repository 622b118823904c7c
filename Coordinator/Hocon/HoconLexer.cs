using System.Globalization;
using System.Text;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>Splits HOCON text into tokens (comments dropped, whitespace and newlines kept for concatenation rules).</summary>
internal sealed class HoconLexer
{
    private const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";
    private const string NumberChars = "0123456789eE+-.";
    private readonly HoconSource _source;
    private readonly string _text;
    private readonly List<HoconToken> _tokens = [];
    private int _pos;
    private int _line = 1;
    private int _col = 1;

    private HoconLexer(HoconSource source, string text)
    {
        _source = source;
        _text = text;
    }

    /// <summary>Tokenizes <paramref name="text"/>; the list always ends with an <see cref="TokenKind.Eof"/> token.</summary>
    public static List<HoconToken> Tokenize(HoconSource source, string text)
    {
        var lexer = new HoconLexer(source, text);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            lexer._pos = 1;
        }

        lexer.Run();
        return lexer._tokens;
    }

    /// <summary>
    /// The spec's whitespace, new line excepted: Java's whitespace (tab to carriage return, U+001C to U+001F), the Unicode
    /// space, line and paragraph separators (non-breaking spaces included) and the BOM. U+0085 is not whitespace.
    /// </summary>
    internal static bool IsWhitespace(char c) => c != '\n' && (c is (>= '\t' and <= '\r') or (>= '\u001C' and <= '\u001F') or '\uFEFF'
        || char.GetUnicodeCategory(c) is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator);

    private HoconOrigin Here() => new(_source, _line, _col);

    private char Peek(int ahead = 0) => _pos + ahead < _text.Length ? _text[_pos + ahead] : '\0';

    private bool AtEnd(int ahead = 0) => _pos + ahead >= _text.Length;

    private void Advance(int n = 1)
    {
        for (var i = 0; i < n && _pos < _text.Length; i++)
        {
            if (_text[_pos] == '\n')
            {
                _line++;
                _col = 1;
            }
            else
            {
                _col++;
            }

            _pos++;
        }
    }

    private void Add(TokenKind kind, string text, HoconOrigin origin) => _tokens.Add(new HoconToken(kind, text, origin));

    private void Run()
    {
        while (!AtEnd())
        {
            var c = Peek();
            var origin = Here();
            if (c == '\n')
            {
                Advance();
                Add(TokenKind.Newline, "\n", origin);
            }
            else if (IsWhitespace(c))
            {
                var start = _pos;
                while (!AtEnd() && IsWhitespace(Peek()))
                {
                    Advance();
                }

                Add(TokenKind.Whitespace, _text[start.._pos], origin);
            }
            else if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (!AtEnd() && Peek() != '\n')
                {
                    Advance();
                }
            }
            else if (c == '"')
            {
                LexQuoted(origin);
            }
            else if (c == '$')
            {
                LexSubstitution(origin);
            }
            else if (c == '+' && Peek(1) == '=')
            {
                Advance(2);
                Add(TokenKind.PlusEquals, "+=", origin);
            }
            else if (Punctuation(c) is { } kind)
            {
                Advance();
                Add(kind, c.ToString(), origin);
            }
            else if (c == '-' || char.IsAsciiDigit(c))
            {
                LexNumber(origin);
            }
            else
            {
                LexUnquoted(origin);
            }
        }

        Add(TokenKind.Eof, "", Here());
    }

    private static TokenKind? Punctuation(char c) => c switch
    {
        ',' => TokenKind.Comma,
        ':' => TokenKind.Colon,
        '=' => TokenKind.Equals,
        '{' => TokenKind.OpenBrace,
        '}' => TokenKind.CloseBrace,
        '[' => TokenKind.OpenBracket,
        ']' => TokenKind.CloseBracket,
        _ => null,
    };

    private void LexNumber(HoconOrigin origin)
    {
        var start = _pos;
        Advance();
        while (!AtEnd() && NumberChars.Contains(Peek(), StringComparison.Ordinal))
        {
            Advance();
        }

        var text = _text[start.._pos];
        var isNumber = text.AsSpan().ContainsAny(".eE")
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) && !text.EndsWith('.')
            : text.Length > (text[0] == '-' ? 1 : 0) && text.Skip(text[0] == '-' ? 1 : 0).All(char.IsAsciiDigit);
        if (isNumber)
        {
            Add(TokenKind.Number, text, origin);
            return;
        }

        foreach (var ch in text)
        {
            if (Forbidden.Contains(ch, StringComparison.Ordinal))
            {
                throw ConfigException.At(origin, $"reserved character '{ch}' is not allowed outside quotes");
            }
        }

        Add(TokenKind.Unquoted, text, origin);
    }

    private void LexUnquoted(HoconOrigin origin)
    {
        foreach (var (word, kind) in new[] { ("true", TokenKind.True), ("false", TokenKind.False), ("null", TokenKind.Null) })
        {
            if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) == 0)
            {
                Advance(word.Length);
                Add(kind, word, origin);
                return;
            }
        }

        var start = _pos;
        while (!AtEnd())
        {
            var c = Peek();
            if (c == '\n' || IsWhitespace(c) || Forbidden.Contains(c, StringComparison.Ordinal) || (c == '/' && Peek(1) == '/'))
            {
                break;
            }

            Advance();
        }

        if (_pos == start)
        {
            var c = Peek();
            throw ConfigException.At(origin, c == '+'
                ? "'+' must be followed by '=' outside quotes"
                : $"reserved character '{c}' is not allowed outside quotes");
        }

        Add(TokenKind.Unquoted, _text[start.._pos], origin);
    }

    private void LexQuoted(HoconOrigin origin)
    {
        if (Peek(1) == '"' && Peek(2) == '"')
        {
            LexTripleQuoted(origin);
            return;
        }

        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd() || Peek() == '\n')
            {
                throw ConfigException.At(origin, "unterminated string (a quoted string must end on the same line)");
            }

            var c = Peek();
            if (c == '"')
            {
                Advance();
                break;
            }

            if (c != '\\')
            {
                sb.Append(c);
                Advance();
                continue;
            }

            var escapeOrigin = Here();
            Advance();
            var e = Peek();
            Advance();
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    var hex = _pos + 4 <= _text.Length ? _text.Substring(_pos, 4) : "";
                    if (!ushort.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw ConfigException.At(escapeOrigin, "'\\u' must be followed by four hexadecimal digits");
                    }

                    sb.Append((char)code);
                    Advance(4);
                    break;
                default:
                    throw ConfigException.At(escapeOrigin, $"invalid escape '\\{e}' in quoted string");
            }
        }

        Add(TokenKind.QuotedString, sb.ToString(), origin);
    }

    private void LexTripleQuoted(HoconOrigin origin)
    {
        Advance(3);
        var start = _pos;
        while (true)
        {
            if (AtEnd())
            {
                throw ConfigException.At(origin, "unterminated triple-quoted string");
            }

            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // a run of more than three quotes: the last three close the string, the rest belong to it
                var run = 3;
                while (Peek(run) == '"')
                {
                    run++;
                }

                Advance(run - 3);
                var text = _text[start.._pos];
                Advance(3);
                Add(TokenKind.QuotedString, text, origin);
                return;
            }

            Advance();
        }
    }

    private void LexSubstitution(HoconOrigin origin)
    {
        if (Peek(1) != '{')
        {
            throw ConfigException.At(origin, "'$' must be followed by '{' (a substitution ${path}); quote the string otherwise");
        }

        Advance(2);
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            Advance();
        }

        var exprOrigin = Here();
        var pieces = new List<HoconToken>();
        while (true)
        {
            if (AtEnd() || Peek() == '\n')
            {
                throw ConfigException.At(origin, "unterminated substitution: expected '}'");
            }

            var c = Peek();
            if (c == '}')
            {
                Advance();
                break;
            }

            var pieceOrigin = Here();
            if (c == '"')
            {
                LexQuoted(pieceOrigin);
                pieces.Add(_tokens[^1]);
                _tokens.RemoveAt(_tokens.Count - 1);
                continue;
            }

            var s = _pos;
            var ws = IsWhitespace(c);
            while (!AtEnd() && Peek() != '}' && Peek() != '"' && Peek() != '\n' && IsWhitespace(Peek()) == ws)
            {
                if (!ws && Forbidden.Contains(Peek(), StringComparison.Ordinal))
                {
                    throw ConfigException.At(Here(), $"reserved character '{Peek()}' is not allowed in a substitution path");
                }

                Advance();
            }

            pieces.Add(new HoconToken(ws ? TokenKind.Whitespace : TokenKind.Unquoted, _text[s.._pos], pieceOrigin));
        }

        var path = HoconPath.FromTokens(pieces, exprOrigin, "substitution");
        _tokens.Add(new HoconToken(TokenKind.Substitution, string.Join('.', path), origin) { Path = path, Optional = optional });
    }
}
