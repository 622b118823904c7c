using System.Globalization;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>Kinds of scalar values.</summary>
internal enum HoconScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A fully resolved HOCON value with the origin of the text that produced it.</summary>
internal abstract class HoconValue(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;

    /// <summary>The type name used in "expected X, found Y" messages.</summary>
    public abstract string TypeName { get; }
}

/// <summary>A resolved object; keys keep the order of their first appearance.</summary>
internal sealed class HoconObject(HoconOrigin origin, OrderedDictionary<string, HoconValue> fields, IReadOnlyDictionary<string, HoconOrigin>? keyOrigins = null)
    : HoconValue(origin)
{
    public OrderedDictionary<string, HoconValue> Fields { get; } = fields;

    /// <summary>Where <paramref name="key"/> was written (falls back to its value's origin).</summary>
    public HoconOrigin KeyOrigin(string key) =>
        keyOrigins?.GetValueOrDefault(key) ?? (Fields.TryGetValue(key, out var v) ? v.Origin : Origin);

    public override string TypeName => "object";

    public HoconValue? this[string key] => Fields.TryGetValue(key, out var v) ? v : null;

    /// <summary>The value at a dotted path of keys, or null when any element is missing or not an object.</summary>
    public HoconValue? Find(IEnumerable<string> path)
    {
        HoconValue? current = this;
        foreach (var key in path)
        {
            current = (current as HoconObject)?[key];
        }

        return current;
    }
}

/// <summary>A resolved array.</summary>
internal sealed class HoconArray(HoconOrigin origin, IReadOnlyList<HoconValue> items) : HoconValue(origin)
{
    public IReadOnlyList<HoconValue> Items { get; } = items;

    public override string TypeName => "list";
}

/// <summary>A resolved string, number, boolean or null; <see cref="Text"/> is the literal as written.</summary>
internal sealed class HoconScalar(HoconOrigin origin, HoconScalarKind kind, string text) : HoconValue(origin)
{
    public HoconScalarKind Kind { get; } = kind;

    public string Text { get; } = text;

    public override string TypeName => Kind switch
    {
        HoconScalarKind.String => "string",
        HoconScalarKind.Number => "number",
        HoconScalarKind.Boolean => "boolean",
        _ => "null",
    };

    /// <summary>The number value when the text parses as one (numbers and numeric strings).</summary>
    public double? AsDouble() =>
        Kind is HoconScalarKind.Number or HoconScalarKind.String
        && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
