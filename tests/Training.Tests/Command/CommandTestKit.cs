using System.Globalization;
using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Command;

/// <summary>A fact that needs Linux (bash, setsid, process groups); skipped elsewhere.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/bin/bash"))
            Skip = "needs Linux with bash and setsid (process groups)";
    }
}

/// <summary>Records reports and log lines; answers with <c>decide</c> (default: Continue).</summary>
internal sealed class RecordingReporter(Func<MetricReport, int, TrialDecision>? decide = null) : ITrialReporter
{
    private readonly Lock _gate = new();
    private readonly List<MetricReport> _reports = [];
    private readonly List<string> _logs = [];

    public IReadOnlyList<MetricReport> Reports
    {
        get
        {
            lock (_gate)
                return [.. _reports];
        }
    }

    public IReadOnlyList<string> Logs
    {
        get
        {
            lock (_gate)
                return [.. _logs];
        }
    }

    public ValueTask<TrialDecision> ReportAsync(MetricReport report, CancellationToken ct)
    {
        int index;
        lock (_gate)
        {
            _reports.Add(report);
            index = _reports.Count;
        }

        return ValueTask.FromResult(decide?.Invoke(report, index) ?? TrialDecision.Continue);
    }

    public void Log(string line)
    {
        lock (_gate)
            _logs.Add(line);
    }
}

/// <summary>A temporary folder with bash scripts as training programs, and a checkpoint folder.</summary>
internal sealed class ScriptDir : IDisposable
{
    public ScriptDir()
    {
        Root = Directory.CreateTempSubdirectory("sweep-cmd-").FullName;
        CheckpointDir = Path.Combine(Root, "ckpt");
    }

    public string Root { get; }

    public string CheckpointDir { get; }

    /// <summary>Writes <paramref name="body"/> as a bash script and returns its path.</summary>
    public string Script(string body, string name = "train.sh")
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, "#!/bin/bash\nset -u\n" + body.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("755", 8));
        return path;
    }

    /// <summary>A spec running <paramref name="script"/> with extra settings (JSON members, comma-led).</summary>
    public TrialSpec Spec(string script, string extraSettings = "", string parameters = "{}", int attempt = 1,
        string? resumeFrom = null, IReadOnlyList<int>? gpus = null, string? checkpointDir = null)
    {
        var settings = JsonDocument.Parse($$"""{"task": "command", "command": ["bash", {{JsonSerializer.Serialize(script)}}]{{extraSettings}}}""");
        var parsed = JsonDocument.Parse(parameters).RootElement;
        var dict = new Dictionary<string, JsonElement>();
        foreach (var p in parsed.EnumerateObject())
            dict[p.Name] = p.Value.Clone();
        return new TrialSpec
        {
            TrialId = "t-" + attempt.ToString(CultureInfo.InvariantCulture),
            Sweep = "s",
            Task = "command",
            Attempt = attempt,
            Parameters = dict,
            Settings = settings.RootElement.Clone(),
            CheckpointDir = checkpointDir ?? CheckpointDir,
            ResumeFrom = resumeFrom,
            Gpus = gpus ?? [],
            Seed = 7,
        };
    }

    public string Log(string file, int attempt = 1, string? checkpointDir = null) =>
        File.ReadAllText(Path.Combine(checkpointDir ?? CheckpointDir, "logs", $"attempt-{attempt}", file));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Looks at /proc: whether a process or any member of a process group is alive (zombies count as dead).</summary>
internal static class Proc
{
    public static bool IsAlive(int pid) => State(pid) is { } state && state != 'Z' && state != 'X';

    public static bool GroupAlive(int group)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            var stat = Stat(pid);
            if (stat is null)
                continue;
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is not ("Z" or "X") && fields[2] == group.ToString(CultureInfo.InvariantCulture))
                return true;
        }

        return false;
    }

    public static int ReadPid(string path) => int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);

    private static char? State(int pid) => Stat(pid) is { } stat ? stat[stat.LastIndexOf(')') + 2] : null;

    private static string? Stat(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
