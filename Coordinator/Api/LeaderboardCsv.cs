using System.Globalization;
using System.Text;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;


/// <summary>A leaderboard as RFC 4180 CSV: fixed columns, then one column per parameter name.</summary>
internal static class LeaderboardCsv
{
    public static string Write(LeaderboardPage board)
    {
        var names = board.Rows.SelectMany(r => r.Parameters.Keys).Distinct(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        Line(sb, ["rank", "trial", "status", "best_" + board.Objective.Metric, "best_step", "duration_s", "checkpoint", .. names]);
        foreach (var r in board.Rows)
        {
            Line(sb,
            [
                r.Rank.ToString(CultureInfo.InvariantCulture),
                r.TrialKey,
                r.Status,
                r.BestValue?.ToString("R", CultureInfo.InvariantCulture) ?? "",
                r.BestStep?.ToString(CultureInfo.InvariantCulture) ?? "",
                r.DurationSeconds?.ToString("0.###", CultureInfo.InvariantCulture) ?? "",
                r.CheckpointPath ?? "",
                .. names.Select(n => r.Parameters.TryGetValue(n, out var v) ? v.ToString() : ""),
            ]);
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, IEnumerable<string> cells)
    {
        sb.AppendJoin(',', cells.Select(Quote));
        sb.Append("\r\n");
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
}
