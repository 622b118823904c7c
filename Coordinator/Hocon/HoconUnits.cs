using System.Globalization;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>Reading values as booleans, durations and sizes, the HOCON way (null when the text is not one).</summary>
internal static class HoconUnits
{
    private static readonly (string[] Names, double Ticks)[] DurationUnits =
    [
        (["ns", "nano", "nanos", "nanosecond", "nanoseconds"], 0.01),
        (["us", "micro", "micros", "microsecond", "microseconds"], 10),
        (["", "ms", "milli", "millis", "millisecond", "milliseconds"], TimeSpan.TicksPerMillisecond),
        (["s", "second", "seconds"], TimeSpan.TicksPerSecond),
        (["m", "minute", "minutes"], TimeSpan.TicksPerMinute),
        (["h", "hour", "hours"], TimeSpan.TicksPerHour),
        (["d", "day", "days"], TimeSpan.TicksPerDay),
    ];

    /// <summary>The spec's size prefixes: symbol letter, power-of-ten unit name, power-of-two unit name (plural adds "s").</summary>
    private static readonly (char Upper, string Decimal, string Binary)[] SizePrefixes =
    [
        ('K', "kilobyte", "kibibyte"),
        ('M', "megabyte", "mebibyte"),
        ('G', "gigabyte", "gibibyte"),
        ('T', "terabyte", "tebibyte"),
        ('P', "petabyte", "pebibyte"),
        ('E', "exabyte", "exbibyte"),
        ('Z', "zettabyte", "zebibyte"),
        ('Y', "yottabyte", "yobibyte"),
    ];

    /// <summary><c>true/yes/on</c> and <c>false/no/off</c> (booleans or strings).</summary>
    public static bool? AsBoolean(HoconValue value) => value is HoconScalar { Kind: HoconScalarKind.Boolean or HoconScalarKind.String } s
        ? s.Text switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => null,
        }
        : null;

    /// <summary><c>30s</c>, <c>5 minutes</c>, <c>1.5h</c>; a bare number is milliseconds.</summary>
    public static TimeSpan? AsDuration(HoconValue value)
    {
        if (!Split(value, out var number, out var unit))
        {
            return null;
        }

        foreach (var (names, ticks) in DurationUnits)
        {
            if (names.Contains(unit))
            {
                var total = number * ticks;
                return Math.Abs(total) < TimeSpan.MaxValue.Ticks ? TimeSpan.FromTicks((long)Math.Round(total)) : null;
            }
        }

        return null;
    }

    /// <summary><c>512MiB</c>, <c>1kB</c>, <c>10 M</c>; a bare number is bytes. Powers of ten for kB/MB…/kilobyte(s)…, of two for K/k/Ki/KiB…/kibibyte(s)…, exactly the spec's names.</summary>
    public static long? AsBytes(HoconValue value)
    {
        if (!Split(value, out var number, out var unit))
        {
            return null;
        }

        double? factor = unit is "" or "B" or "b" or "byte" or "bytes" ? 1 : null;
        for (var i = 0; i < SizePrefixes.Length && factor is null; i++)
        {
            var (upper, decimalName, binaryName) = SizePrefixes[i];
            var lower = char.ToLowerInvariant(upper);
            var decimalSymbol = upper == 'K' ? "kB" : $"{upper}B";
            if (unit == decimalSymbol || unit == decimalName || unit == decimalName + "s")
            {
                factor = Math.Pow(1000, i + 1);
            }
            else if (unit == upper.ToString() || unit == lower.ToString() || unit == $"{upper}i" || unit == $"{upper}iB"
                || unit == binaryName || unit == binaryName + "s")
            {
                factor = Math.Pow(1024, i + 1);
            }
        }

        var bytes = number * factor;
        return bytes is { } b && b < long.MaxValue ? (long)Math.Round(b) : null;
    }

    private static bool Split(HoconValue value, out double number, out string unit)
    {
        number = 0;
        unit = "";
        if (value is not HoconScalar { Kind: HoconScalarKind.Number or HoconScalarKind.String } s)
        {
            return false;
        }

        var text = s.Text.Trim();
        var end = text.Length;
        while (end > 0 && char.IsAsciiLetter(text[end - 1]))
        {
            end--;
        }

        unit = text[end..];
        return double.TryParse(text[..end].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
