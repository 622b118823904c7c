using System.Globalization;

namespace SweepCluster.Training.Command;

/// <summary>Where an attempt's logs live: <c>{checkpointDir}/logs/attempt-{N}/stdout.log</c> and <c>stderr.log</c>.</summary>
internal static class TrialLogs
{
    /// <summary>File name of the program's standard output (minus report lines, plus the trainer's warnings).</summary>
    public const string StdoutFile = "stdout.log";

    /// <summary>File name of the program's standard error.</summary>
    public const string StderrFile = "stderr.log";

    /// <summary>File name of the report channel (<c>SWEEP_REPORT_FILE</c>).</summary>
    public const string ReportFile = "reports.jsonl";

    /// <summary>The folder of one attempt's logs.</summary>
    public static string AttemptDir(string checkpointDir, int attempt) =>
        Path.Combine(checkpointDir, "logs", "attempt-" + attempt.ToString(CultureInfo.InvariantCulture));

    /// <summary>The attempts that have logs, ascending.</summary>
    public static IReadOnlyList<int> Attempts(string checkpointDir)
    {
        var logs = Path.Combine(checkpointDir, "logs");
        if (!Directory.Exists(logs))
            return [];
        var attempts = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories(logs, "attempt-*"))
        {
            if (int.TryParse(Path.GetFileName(dir)["attempt-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                attempts.Add(n);
        }

        attempts.Sort();
        return attempts;
    }
}
