namespace SweepCluster.Training.Tokenizers;

/// <summary>Splits text into token strings (before vocabulary lookup).</summary>
internal interface ITokenizer
{
    /// <summary>The name used in settings and checkpoints (<c>word</c> or <c>char</c>).</summary>
    string Name { get; }

    /// <summary>The tokens of <paramref name="text"/>, in order.</summary>
    IReadOnlyList<string> Tokenize(string text);
}

/// <summary>Creates tokenizers by their settings name.</summary>
internal static class Tokenizers
{
    /// <summary>The tokenizer called <paramref name="name"/> (<c>word</c> | <c>char</c>).</summary>
    public static ITokenizer Create(string name) => name switch
    {
        "word" => new WordTokenizer(),
        "char" => new CharTokenizer(),
        _ => throw new ArgumentException($"unknown tokenizer type '{name}' (expected word or char)", nameof(name)),
    };
}
