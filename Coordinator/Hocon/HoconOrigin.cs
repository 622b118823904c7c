namespace SweepCluster.Coordinator.Hocon;

/// <summary>The text of one parsed document, kept so errors can quote the offending line.</summary>
internal sealed class HoconSource
{
    private readonly string[] _lines;

    public HoconSource(string name, string text, string? directory)
    {
        Name = name;
        Directory = directory;
        _lines = text.Split('\n');
    }

    /// <summary>How errors name the document (the path as the user gave it, or a label).</summary>
    public string Name { get; }

    /// <summary>Folder that relative includes and relative data paths are resolved against (null for in-memory text).</summary>
    public string? Directory { get; }

    /// <summary>The 1-based line <paramref name="line"/> without its line terminator, or "" when out of range.</summary>
    public string Line(int line) => line >= 1 && line <= _lines.Length ? _lines[line - 1].TrimEnd('\r') : "";
}

/// <summary>Where a value or token came from: document, 1-based line and column.</summary>
internal sealed record HoconOrigin(HoconSource Source, int Line, int Column)
{
    /// <summary>An origin for values that come from outside any document (environment variables).</summary>
    public static HoconOrigin Environment(string name) => new(new HoconSource($"env:{name}", "", null), 0, 0);

    public override string ToString() => Line > 0 ? $"{Source.Name}:{Line}:{Column}" : Source.Name;
}
