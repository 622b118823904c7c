using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>How a parameter's values are chosen.</summary>
internal enum DistributionKind
{
    /// <summary>One of a list of values (grid: all of them).</summary>
    Choice,

    /// <summary>Uniform real in [low, high] (random search only).</summary>
    Uniform,

    /// <summary>Log-uniform real in [low, high], low &gt; 0 (random search only).</summary>
    LogUniform,

    /// <summary>Integers low, low+step, …, ≤ high.</summary>
    Int,
}

/// <summary>One swept parameter: its name (a trial settings key) and distribution.</summary>
internal sealed record ParameterConfig(string Name, DistributionKind Kind)
{
    /// <summary>The values of a <see cref="DistributionKind.Choice"/> (JSON scalars).</summary>
    public IReadOnlyList<JsonElement> Values { get; init; } = [];

    /// <summary>Lower bound (uniform, loguniform, int).</summary>
    public double Low { get; init; }

    /// <summary>Upper bound, inclusive (uniform, loguniform, int).</summary>
    public double High { get; init; }

    /// <summary>Spacing of an int distribution.</summary>
    public long Step { get; init; } = 1;

    /// <summary>True when the values can be enumerated (choice, int).</summary>
    public bool IsDiscrete => Kind is DistributionKind.Choice or DistributionKind.Int;

    /// <summary>
    /// How many values <see cref="Enumerate"/> yields (saturating at <see cref="long.MaxValue"/>), without enumerating.
    /// A method, not a property: this record is serialized into the sweep definition.
    /// </summary>
    public long CountValues() => Kind switch
    {
        DistributionKind.Choice => Values.Count,
        DistributionKind.Int when (long)High < (long)Low => 0,
        DistributionKind.Int => (long)Math.Min((((decimal)(long)High - (long)Low) / Step) + 1, long.MaxValue),
        _ => throw new InvalidOperationException($"{Name}: a {Kind} distribution cannot be enumerated"),
    };

    /// <summary>All values of a discrete distribution, in order.</summary>
    public IReadOnlyList<JsonElement> Enumerate()
    {
        if (Kind == DistributionKind.Choice)
        {
            return Values;
        }

        if (Kind != DistributionKind.Int)
        {
            throw new InvalidOperationException($"{Name}: a {Kind} distribution cannot be enumerated");
        }

        var values = new List<JsonElement>();
        for (var v = (long)Low; v <= (long)High; v += Step)
        {
            values.Add(Number(v));
        }

        return values;
    }

    /// <summary>A JSON number element.</summary>
    public static JsonElement Number(double value) =>
        JsonDocument.Parse(value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture)).RootElement.Clone();

    /// <summary>How the distribution reads in the plan output.</summary>
    public string Describe() => Kind switch
    {
        DistributionKind.Choice => $"[{string.Join(", ", Values.Select(v => v.ToString()))}]",
        DistributionKind.Int => string.Create(CultureInfo.InvariantCulture, $"int [{Low}, {High}] step {Step}"),
        DistributionKind.Uniform => string.Create(CultureInfo.InvariantCulture, $"uniform [{Low}, {High}]"),
        _ => string.Create(CultureInfo.InvariantCulture, $"loguniform [{Low}, {High}]"),
    };
}
