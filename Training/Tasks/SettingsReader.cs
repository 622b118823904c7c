using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Training.Tasks;

/// <summary>
/// Typed access to a trial's settings object that records one error per bad key (named <c>trial.key</c>) and, at the
/// end, every key that was never read (unknown keys).
/// </summary>
internal sealed class SettingsReader
{
    private readonly JsonElement _root;
    private readonly string _prefix;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>Reads <paramref name="root"/> (must be an object); errors are named <paramref name="prefix"/>.key.</summary>
    public SettingsReader(JsonElement root, string prefix, List<string> errors)
    {
        _root = root;
        _prefix = prefix;
        Errors = errors;
        if (root.ValueKind != JsonValueKind.Object)
        {
            Errors.Add($"{prefix}: expected an object, found {Describe(root)}");
        }
    }

    /// <summary>The shared error list.</summary>
    public List<string> Errors { get; }

    /// <summary>Marks keys as known without reading them.</summary>
    public void Allow(params string[] keys) => _read.UnionWith(keys);

    /// <summary>True when the key is present (and marks it read).</summary>
    public bool Has(string key)
    {
        _read.Add(key);
        return TryGet(key, out _);
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or the default when absent.</summary>
    public int Int(string key, int fallback, int min = int.MinValue, int max = int.MaxValue)
    {
        if (!TryRead(key, out JsonElement v))
        {
            return fallback;
        }

        double? d = AsNumber(v);
        if (d is null || d != Math.Floor(d.Value) || d < int.MinValue || d > int.MaxValue)
        {
            return Fail(key, $"expected an integer, found {Describe(v)}", fallback);
        }

        int i = (int)d.Value;
        return i < min || i > max ? Fail(key, $"{i} is out of range {Range(min, max)}", fallback) : i;
    }

    /// <summary>A 64-bit integer, or the default when absent.</summary>
    public long Long(string key, long fallback)
    {
        if (!TryRead(key, out JsonElement v))
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l))
        {
            return l;
        }

        return v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out l)
            ? l
            : Fail(key, $"expected an integer, found {Describe(v)}", fallback);
    }

    /// <summary>A finite number; <paramref name="maxExclusive"/> excludes the upper bound.</summary>
    public double Double(string key, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool maxExclusive = false)
    {
        if (!TryRead(key, out JsonElement v))
        {
            return fallback;
        }

        double? d = AsNumber(v);
        if (d is null || !double.IsFinite(d.Value))
        {
            return Fail(key, $"expected a number, found {Describe(v)}", fallback);
        }

        bool above = maxExclusive ? d >= max : d > max;
        if (d < min || above)
        {
            string hi = double.IsPositiveInfinity(max) ? "∞)" : string.Create(CultureInfo.InvariantCulture, $"{max}{(maxExclusive ? ")" : "]")}");
            return Fail(key, string.Create(CultureInfo.InvariantCulture, $"{d} is out of range [{min}, {hi}"), fallback);
        }

        return d.Value;
    }

    /// <summary>A boolean (true/false, or the strings "true"/"false").</summary>
    public bool Bool(string key, bool fallback)
    {
        if (!TryRead(key, out JsonElement v))
        {
            return fallback;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(v.GetString(), out bool b) => b,
            _ => Fail(key, $"expected true or false, found {Describe(v)}", fallback),
        };
    }

    /// <summary>A string, optionally one of <paramref name="choices"/>.</summary>
    public string String(string key, string fallback, params string[] choices)
    {
        string? s = OptionalString(key);
        if (s is null)
        {
            return fallback;
        }

        return choices.Length > 0 && !choices.Contains(s, StringComparer.Ordinal)
            ? Fail(key, $"'{s}' is not one of {string.Join(" | ", choices)}", fallback)
            : s;
    }

    /// <summary>A string, or null when absent.</summary>
    public string? OptionalString(string key)
    {
        if (!TryRead(key, out JsonElement v))
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : Fail<string?>(key, $"expected a string, found {Describe(v)}", null);
    }

    /// <summary>A non-empty array of non-empty strings, or an empty array when absent.</summary>
    public string[] StringList(string key)
    {
        if (!TryRead(key, out JsonElement v))
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0
            || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(e.GetString())))
        {
            string found = v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0 ? "an empty list" : Describe(v);
            return Fail<string[]>(key, $"expected a non-empty list of file names, found {found}", []);
        }

        return [.. v.EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>A nested object's reader (keys named prefix.key.sub), or null when absent.</summary>
    public SettingsReader? Object(string key)
    {
        if (!TryRead(key, out JsonElement v))
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Object
            ? new SettingsReader(v, $"{_prefix}.{key}", Errors)
            : Fail<SettingsReader?>(key, $"expected an object, found {Describe(v)}", null);
    }

    /// <summary>Adds an error naming <paramref name="key"/>.</summary>
    public void Error(string key, string message) => Errors.Add($"{_prefix}.{key}: {message}");

    /// <summary>Reports every key that was present but never read.</summary>
    public void RejectUnknown()
    {
        if (_root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty p in _root.EnumerateObject())
        {
            if (!_read.Contains(p.Name))
            {
                Errors.Add($"{_prefix}.{p.Name}: unknown setting");
            }
        }
    }

    private static double? AsNumber(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => null,
    };

    private static string Range(int min, int max) =>
        max == int.MaxValue ? $"[{min}, ∞)" : $"[{min}, {max}]";

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"'{v.GetString()}'",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.Null => "null",
        _ => v.GetRawText(),
    };

    private bool TryRead(string key, out JsonElement value)
    {
        _read.Add(key);
        return TryGet(key, out value);
    }

    private bool TryGet(string key, out JsonElement value)
    {
        value = default;
        return _root.ValueKind == JsonValueKind.Object && _root.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null;
    }

    private T Fail<T>(string key, string message, T fallback)
    {
        Error(key, message);
        return fallback;
    }
}
