using System.Globalization;
using SweepCluster.Messages;

namespace SweepCluster.Training.Trainer;

/// <summary>Human-readable metric lines for logs and the command line.</summary>
internal static class MetricFormat
{
    /// <summary><c>step N: name=value, ...</c> with every metric but <c>step</c>, in the report's order.</summary>
    public static string Line(MetricReport r) =>
        $"step {r.Step}: " + string.Join(", ", r.Values.Where(kv => kv.Key != "step").Select(kv => $"{kv.Key}={Value(kv.Value)}"));

    /// <summary>A metric value: integers plainly, large values with 2 decimals, others with 4 significant decimals.</summary>
    public static string Value(double v) =>
        v.ToString(v == Math.Floor(v) || Math.Abs(v) >= 1000 ? "0.##" : "0.####", CultureInfo.InvariantCulture);
}
