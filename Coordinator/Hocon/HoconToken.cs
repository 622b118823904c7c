namespace SweepCluster.Coordinator.Hocon;

/// <summary>Kinds of HOCON tokens.</summary>
internal enum TokenKind
{
    Eof,
    Newline,
    Whitespace,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    QuotedString,
    Unquoted,
    Number,
    True,
    False,
    Null,
    Substitution,
}

/// <summary>One token: its text (unescaped for quoted strings), position, and for substitutions the path.</summary>
internal sealed record HoconToken(TokenKind Kind, string Text, HoconOrigin Origin)
{
    /// <summary>For <see cref="TokenKind.Substitution"/>: the referenced path.</summary>
    public IReadOnlyList<string> Path { get; init; } = [];

    /// <summary>For <see cref="TokenKind.Substitution"/>: <c>${?...}</c>.</summary>
    public bool Optional { get; init; }

    /// <summary>True for tokens that can be part of a value (or a key).</summary>
    public bool IsValuePiece => Kind is TokenKind.QuotedString or TokenKind.Unquoted or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null;

    /// <summary>How the token reads in error messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Eof => "end of file",
        TokenKind.Newline => "end of line",
        TokenKind.QuotedString => $"\"{Text}\"",
        TokenKind.Substitution => $"'${{{(Optional ? "?" : "")}{string.Join('.', Path)}}}'",
        _ => $"'{Text}'",
    };
}
