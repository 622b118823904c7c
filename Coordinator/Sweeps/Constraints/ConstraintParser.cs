using System.Globalization;

namespace SweepCluster.Coordinator.Sweeps.Constraints;

/// <summary>
/// Parses constraint expressions: numbers, 'strings', true/false, parameter names, <c>+ - * / %</c>, comparisons,
/// <c>== !=</c>, <c>&amp;&amp; || !</c> and parentheses, with the usual precedence.
/// </summary>
internal sealed class ConstraintParser
{
    private static readonly string[][] Levels =
    [
        ["||"],
        ["&&"],
        ["==", "!="],
        ["<=", ">=", "<", ">"],
        ["+", "-"],
        ["*", "/", "%"],
    ];

    private readonly List<(string Text, int Column, bool IsName)> _tokens;
    private int _pos;

    private ConstraintParser(List<(string Text, int Column, bool IsName)> tokens) => _tokens = tokens;

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ConstraintException"/> with the column at fault.</summary>
    public static ConstraintExpression Parse(string text)
    {
        var parser = new ConstraintParser(Tokenize(text));
        var expr = parser.ParseLevel(0);
        if (parser._pos < parser._tokens.Count)
        {
            var t = parser._tokens[parser._pos];
            throw new ConstraintException($"unexpected '{t.Text}' at column {t.Column}", t.Column);
        }

        return expr;
    }

    private static List<(string Text, int Column, bool IsName)> Tokenize(string text)
    {
        var tokens = new List<(string, int, bool)>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var column = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'
                    || ((text[i] is 'e' or 'E') && i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] is '-' or '+'))
                    || ((text[i] is '-' or '+') && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                tokens.Add((text[start..i], column, false));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add((text[start..i], column, true));
            }
            else if (c is '\'' or '"')
            {
                var end = text.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw new ConstraintException($"unterminated string starting at column {column}", column);
                }

                tokens.Add((text[i..(end + 1)], column, false));
                i = end + 1;
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
                var op = two is "&&" or "||" or "==" or "!=" or "<=" or ">=" ? two
                    : "+-*/%<>!()".Contains(c, StringComparison.Ordinal) ? c.ToString()
                    : throw new ConstraintException($"unexpected character '{c}' at column {column}", column);
                tokens.Add((op, column, false));
                i += op.Length;
            }
        }

        return tokens;
    }

    private (string Text, int Column, bool IsName)? Peek() => _pos < _tokens.Count ? _tokens[_pos] : null;

    private ConstraintExpression ParseLevel(int level)
    {
        if (level == Levels.Length)
        {
            return ParseUnary();
        }

        var left = ParseLevel(level + 1);
        while (Peek() is { IsName: false } t && Levels[level].Contains(t.Text))
        {
            _pos++;
            var right = ParseLevel(level + 1);
            left = new BinaryExpression(t.Text, left, right);
        }

        return left;
    }

    private ConstraintExpression ParseUnary()
    {
        if (Peek() is { IsName: false, Text: "!" or "-" } t)
        {
            _pos++;
            return new UnaryExpression(t.Text, ParseUnary());
        }

        return ParsePrimary();
    }

    private ConstraintExpression ParsePrimary()
    {
        if (Peek() is not { } t)
        {
            var end = _tokens.Count > 0 ? _tokens[^1].Column + _tokens[^1].Text.Length : 1;
            throw new ConstraintException("expected an operand, found the end of the expression", end);
        }

        _pos++;
        if (t.IsName)
        {
            return t.Text switch
            {
                "true" => new LiteralExpression(true),
                "false" => new LiteralExpression(false),
                _ => new NameExpression(t.Text),
            };
        }

        if (t.Text == "(")
        {
            var inner = ParseLevel(0);
            if (Peek() is not { Text: ")" })
            {
                var column = Peek()?.Column ?? t.Column;
                throw new ConstraintException($"expected ')' to close the '(' at column {t.Column}", column);
            }

            _pos++;
            return inner;
        }

        if (t.Text[0] is '\'' or '"')
        {
            return new LiteralExpression(t.Text[1..^1]);
        }

        if (double.TryParse(t.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new LiteralExpression(number);
        }

        throw new ConstraintException($"expected an operand, found '{t.Text}' at column {t.Column}", t.Column);
    }
}
