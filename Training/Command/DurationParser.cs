using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Training.Command;

/// <summary>
/// Reads a duration the way HOCON does: a number with an optional unit (<c>ns</c>, <c>us</c>, <c>ms</c>, <c>s</c>,
/// <c>m</c>, <c>h</c>, <c>d</c> and their long forms); a bare number is milliseconds. (A small local copy, so that the
/// trainer does not depend on the Coordinator's HOCON parser.)
/// </summary>
internal static class DurationParser
{
    private static readonly Dictionary<string, double> UnitMilliseconds = Build();

    /// <summary>Parses a JSON number (milliseconds) or string such as <c>"2h"</c>; throws <see cref="FormatException"/> naming <paramref name="key"/>.</summary>
    public static TimeSpan Parse(JsonElement value, string key) => value.ValueKind switch
    {
        JsonValueKind.Number => Checked(value.GetDouble(), key, value.GetRawText()),
        JsonValueKind.String => Parse(value.GetString()!, key),
        _ => throw new FormatException($"{key}: expected a duration such as \"30s\" or \"2h\", got {value.GetRawText()}"),
    };

    /// <summary>Parses text such as <c>"30s"</c>, <c>"1.5 hours"</c> or <c>"500"</c> (ms).</summary>
    public static TimeSpan Parse(string text, string key)
    {
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && IsNumberChar(trimmed, split))
            split++;
        var number = trimmed[..split];
        var unit = trimmed[split..].Trim();
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
            throw new FormatException($"{key}: '{text}' is not a duration (expected a number and a unit, e.g. 30s, 2h)");
        if (unit.Length == 0)
            return Checked(amount, key, text);
        if (!UnitMilliseconds.TryGetValue(unit, out var factor))
            throw new FormatException($"{key}: unknown duration unit '{unit}' in '{text}' (use ns, us, ms, s, m, h or d)");
        return Checked(amount * factor, key, text);
    }

    private static bool IsNumberChar(string text, int i) => text[i] switch
    {
        >= '0' and <= '9' or '.' or '-' or '+' => true,
        'e' or 'E' => i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] is '-' or '+'),
        _ => false,
    };

    private static TimeSpan Checked(double milliseconds, string key, string text)
    {
        if (double.IsNaN(milliseconds) || milliseconds < 0 || milliseconds > TimeSpan.MaxValue.TotalMilliseconds)
            throw new FormatException($"{key}: '{text}' is not a non-negative duration");
        return TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));
    }

    private static Dictionary<string, double> Build()
    {
        var table = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(double ms, params string[] names)
        {
            foreach (var name in names)
                table[name] = ms;
        }

        Add(1e-6, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(1e-3, "us", "micro", "micros", "microsecond", "microseconds");
        Add(1, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(1000, "s", "second", "seconds");
        Add(60_000, "m", "minute", "minutes");
        Add(3_600_000, "h", "hour", "hours");
        Add(86_400_000, "d", "day", "days");
        return table;
    }
}
