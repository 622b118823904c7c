using System.Globalization;
using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Typed reads from one object of a config, remembering which keys are known so the rest can be rejected.</summary>
internal sealed class ConfigReader(HoconObject obj, string path)
{
    private readonly List<string> _known = [];

    public HoconObject Object { get; } = obj;

    /// <summary>The config path of this object (e.g. <c>sweep.budget</c>).</summary>
    public string Path { get; } = path;

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>An error about a value: <c>file:line:col: path: message</c> with the line quoted.</summary>
    public static ConfigException Error(HoconValue at, string path, string message) => ConfigException.At(at.Origin, $"{path}: {message}");

    /// <summary>How a value reads in "found ..." messages.</summary>
    public static string Describe(HoconValue value) => value switch
    {
        HoconScalar { Kind: HoconScalarKind.String } s => $"string \"{s.Text}\"",
        HoconScalar { Kind: HoconScalarKind.Null } => "null",
        HoconScalar s => $"{s.TypeName} {s.Text}",
        _ => value.TypeName,
    };

    /// <summary>The raw value of <paramref name="key"/> (null when absent or null), marking the key as known.</summary>
    public HoconValue? Get(string key)
    {
        _known.Add(key);
        var value = Object[key];
        return value is HoconScalar { Kind: HoconScalarKind.Null } ? null : value;
    }

    public ConfigException Error(string key, string message) =>
        ConfigException.At(Object[key]?.Origin ?? Object.Origin, $"{PathOf(key)}: {message}");

    public ConfigException Missing(string key, string what) =>
        ConfigException.At(Object.Origin, $"{PathOf(key)}: missing required key ({what})");

    public string? String(string key)
    {
        var v = Get(key);
        return v switch
        {
            null => null,
            HoconScalar s => s.Text,
            _ => throw Error(key, $"expected a string, found {Describe(v)}"),
        };
    }

    public long? Long(string key, long min = long.MinValue)
    {
        var v = Get(key);
        if (v is null)
        {
            return null;
        }

        if (v is not HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } s
            || !long.TryParse(s.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            throw Error(key, $"expected an integer, found {Describe(v)}");
        }

        return result >= min ? result : throw Error(key, $"must be at least {min}, found {result}");
    }

    public int? Int(string key, int min = int.MinValue)
    {
        var v = Long(key, min);
        return v is null ? null : v <= int.MaxValue ? (int)v : throw Error(key, $"must be at most {int.MaxValue}, found {v}");
    }

    public double? Double(string key)
    {
        var v = Get(key);
        return v is null ? null : (v as HoconScalar)?.AsDouble() ?? throw Error(key, $"expected a number, found {Describe(v)}");
    }

    public bool? Bool(string key)
    {
        var v = Get(key);
        return v is null ? null : HoconUnits.AsBoolean(v) ?? throw Error(key, $"expected a boolean (true/false, yes/no, on/off), found {Describe(v)}");
    }

    public TimeSpan? Duration(string key)
    {
        var v = Get(key);
        return v is null ? null : HoconUnits.AsDuration(v) ?? throw Error(key, $"expected a duration (e.g. 30s, 5 minutes, 2h), found {Describe(v)}");
    }

    /// <summary>An enum value written in lower case with hyphens or underscores (<c>language-model</c>).</summary>
    public TEnum? Enum<TEnum>(string key)
        where TEnum : struct, Enum
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        var names = System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToList();
        var normalized = text.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        var index = names.IndexOf(normalized);
        return index >= 0
            ? System.Enum.GetValues<TEnum>()[index]
            : throw Error(key, $"expected one of {string.Join(", ", names)}, found \"{text}\"{DidYouMean.Suggest(text, names)}");
    }

    public ConfigReader? Child(string key)
    {
        var v = Get(key);
        return v switch
        {
            null => null,
            HoconObject o => new ConfigReader(o, PathOf(key)),
            _ => throw Error(key, $"expected an object, found {Describe(v)}"),
        };
    }

    public HoconArray? List(string key)
    {
        var v = Get(key);
        return v switch
        {
            null => null,
            HoconArray a => a,
            _ => throw Error(key, $"expected a list, found {Describe(v)}"),
        };
    }

    /// <summary>Fails on the first key that no read asked for, suggesting the closest known key.</summary>
    public void RejectUnknown()
    {
        foreach (var key in Object.Fields.Keys)
        {
            if (!_known.Contains(key))
            {
                throw ConfigException.At(Object.KeyOrigin(key), $"{PathOf(key)}: unknown key{DidYouMean.Suggest(key, _known)}");
            }
        }
    }
}
