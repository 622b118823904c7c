using System.Text.Json;
using SweepCluster.Messages;

namespace SweepCluster.Training.Command;

/// <summary>Reads one report of the command protocol: a JSON object such as <c>{"step": 3, "val_accuracy": 0.81}</c>.</summary>
internal static class ReportParser
{
    /// <summary>The prefix of a report line on standard output.</summary>
    public const string StdoutPrefix = "@@sweep";

    /// <summary>
    /// Parses <paramref name="json"/>; numeric fields become metrics, <c>step</c> is the step (default
    /// <paramref name="fallbackStep"/>), other fields are ignored. False with <paramref name="error"/> when malformed.
    /// </summary>
    public static bool TryParse(string json, long fallbackStep, out MetricReport? report, out string? error)
    {
        report = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            error = "not JSON: " + e.Message;
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object such as {\"step\": 3, \"val_loss\": 0.5}";
                return false;
            }

            var step = fallbackStep;
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name == "step")
                {
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetInt64(out step) || step < 0)
                    {
                        error = $"\"step\" must be a whole number >= 0, got {property.Value.GetRawText()}";
                        return false;
                    }
                }
                else if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var value)
                         && double.IsFinite(value))
                {
                    values[property.Name] = value;
                }
            }

            if (values.Count == 0)
            {
                error = "no numeric metric in the report";
                return false;
            }

            report = new MetricReport(step, values);
            error = null;
            return true;
        }
    }
}
