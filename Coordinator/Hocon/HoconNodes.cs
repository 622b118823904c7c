namespace SweepCluster.Coordinator.Hocon;

/// <summary>A parsed, not yet resolved value (substitutions and concatenations still pending).</summary>
internal abstract class HoconNode(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;
}

/// <summary>An object literal: its fields in file order, duplicates kept (merged during resolution).</summary>
internal sealed class ObjectNode(HoconOrigin origin) : HoconNode(origin)
{
    public List<(string Key, HoconNode Value)> Fields { get; } = [];

    /// <summary>Where each key was last written (for messages about keys).</summary>
    public Dictionary<string, HoconOrigin> KeyOrigins { get; } = [];

    public bool HasKey(string key) => Fields.Exists(f => f.Key == key);

    /// <summary>Adds a field and records where its key was written.</summary>
    public void Add(string key, HoconNode value, HoconOrigin keyOrigin)
    {
        Fields.Add((key, value));
        KeyOrigins[key] = keyOrigin;
    }

    /// <summary>Appends the fields of <paramref name="other"/> (an include).</summary>
    public void AddAll(ObjectNode other)
    {
        foreach (var (key, value) in other.Fields)
        {
            Add(key, value, other.KeyOrigins.GetValueOrDefault(key, value.Origin));
        }
    }
}

/// <summary>An array literal.</summary>
internal sealed class ArrayNode(HoconOrigin origin, List<HoconNode> items) : HoconNode(origin)
{
    public List<HoconNode> Items { get; } = items;
}

/// <summary>A literal string, number, boolean or null; <see cref="IsWhitespace"/> marks whitespace between concatenated values.</summary>
internal sealed class ScalarNode(HoconOrigin origin, HoconScalarKind kind, string text, bool isWhitespace = false) : HoconNode(origin)
{
    public HoconScalarKind Kind { get; } = kind;

    public string Text { get; } = text;

    public bool IsWhitespace { get; } = isWhitespace;
}

/// <summary><c>${path}</c> or <c>${?path}</c>; <see cref="Prefix"/> is the path an include was nested under (tried first).</summary>
internal sealed class SubstitutionNode(HoconOrigin origin, IReadOnlyList<string> path, bool optional, IReadOnlyList<string> prefix) : HoconNode(origin)
{
    public IReadOnlyList<string> Path { get; } = path;

    public bool Optional { get; } = optional;

    public IReadOnlyList<string> Prefix { get; } = prefix;

    /// <summary>The previous value a <c>+=</c> appends to (written by the parser, not the user; may be undefined anywhere).</summary>
    public bool FromAppend { get; init; }

    public override string ToString() => $"${{{(Optional ? "?" : "")}{HoconPath.Render(Path)}}}";
}

/// <summary>Adjacent values on one line (strings join with their whitespace, arrays concatenate, objects merge).</summary>
internal sealed class ConcatNode(HoconOrigin origin, List<HoconNode> parts) : HoconNode(origin)
{
    public List<HoconNode> Parts { get; } = parts;
}
