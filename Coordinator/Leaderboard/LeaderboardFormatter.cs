using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace SweepCluster.Coordinator.Leaderboard;

/// <summary>One sweep's leaderboard, ready to print.</summary>
internal sealed record LeaderboardView(string Sweep, string Status, string Metric, string Mode, IReadOnlyList<LeaderboardRow> Rows);

/// <summary>Writes leaderboards as a table, JSON or CSV.</summary>
internal static class LeaderboardFormatter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes <paramref name="views"/> to <paramref name="output"/> in <paramref name="format"/> (table | json | csv).</summary>
    public static void Write(TextWriter output, IReadOnlyList<LeaderboardView> views, string format, int width = 160)
    {
        switch (format)
        {
            case "json":
                output.WriteLine(JsonSerializer.Serialize(views.Select(v => new
                {
                    v.Sweep, v.Status, Objective = new { v.Metric, v.Mode },
                    Rows = v.Rows.Select(r => new
                    {
                        r.Rank, r.TrialId, r.Key, r.Parameters, r.BestValue, r.BestStep, r.BestEpoch,
                        Status = r.Status.ToString().ToLowerInvariant(), DurationS = r.Duration?.TotalSeconds, r.Checkpoint,
                    }),
                }), Json));
                break;
            case "csv":
                WriteCsv(output, views);
                break;
            default:
                WriteTables(output, views, width);
                break;
        }
    }

    private static void WriteCsv(TextWriter output, IReadOnlyList<LeaderboardView> views)
    {
        var names = views.SelectMany(v => v.Rows).SelectMany(r => r.Parameters.Keys).Distinct().ToList();
        output.WriteLine(string.Join(',', ["sweep", "rank", "trial_id", "key", .. names, "best_value", "best_step", "best_epoch", "status", "duration_s", "checkpoint"]));
        foreach (var v in views)
        {
            foreach (var r in v.Rows)
            {
                var cells = new List<string> { v.Sweep, Num(r.Rank), r.TrialId, r.Key };
                cells.AddRange(names.Select(n => r.Parameters.TryGetValue(n, out var p) ? Value(p) : ""));
                cells.AddRange([Num(r.BestValue), Num(r.BestStep), Num(r.BestEpoch), r.Status.ToString().ToLowerInvariant(), Num(r.Duration?.TotalSeconds), r.Checkpoint ?? ""]);
                output.WriteLine(string.Join(',', cells.Select(Csv)));
            }
        }
    }

    private static void WriteTables(TextWriter output, IReadOnlyList<LeaderboardView> views, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
        });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            console.Profile.Width = width;
        }

        foreach (var v in views)
        {
            var table = new Table().Title(Markup.Escape($"{v.Sweep} ({v.Status}) — {v.Metric}, {v.Mode}"));
            table.AddColumns("rank", "trial", "parameters", "best", "step", "epoch", "status", "duration", "checkpoint");
            foreach (var r in v.Rows)
            {
                table.AddRow(
                    Num(r.Rank), Markup.Escape(r.Key), Markup.Escape(string.Join(' ', r.Parameters.Select(p => $"{p.Key}={Value(p.Value)}"))),
                    r.BestValue is { } b ? b.ToString("G5", CultureInfo.InvariantCulture) : "-", Num(r.BestStep), Num(r.BestEpoch),
                    r.Status.ToString().ToLowerInvariant(), r.Duration is { } d ? Duration(d) : "-", Markup.Escape(r.Checkpoint ?? "-"));
            }

            console.Write(table);
        }
    }

    /// <summary>1h02m, 3m05s or 12.3s.</summary>
    public static string Duration(TimeSpan d) => d.TotalHours >= 1
        ? $"{(int)d.TotalHours}h{d.Minutes:D2}m"
        : d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m{d.Seconds:D2}s" : string.Create(CultureInfo.InvariantCulture, $"{d.TotalSeconds:F1}s");

    private static string Num(double? v) => v?.ToString("G6", CultureInfo.InvariantCulture) ?? "";

    private static string Value(object? v) => v switch
    {
        null => "null",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => v.ToString() ?? "",
    };

    private static string Csv(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    /// <summary>Builds the view of a stored sweep.</summary>
    public static LeaderboardView View(Storage.SweepRecord sweep, IReadOnlyList<Storage.TrialRecord> trials, int? top)
    {
        var def = Sweeps.Runtime.SweepDefinition.FromJson(sweep.Definition);
        return new LeaderboardView(sweep.Name, sweep.Status.ToString().ToLowerInvariant(), def.Objective.Metric,
            def.Objective.Mode.ToString().ToLowerInvariant(), Ranking.Rows(trials, def.Objective, top));
    }
}
