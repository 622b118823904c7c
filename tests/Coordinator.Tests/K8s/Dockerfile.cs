using System.Text.Json;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>One Dockerfile read as instructions (continuations joined, comments dropped); no build semantics.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(string path, List<(string Op, string Args)> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    /// <summary>Path relative to the repository root.</summary>
    public string Path { get; }

    /// <summary>Instructions in order, the keyword upper-cased.</summary>
    public IReadOnlyList<(string Op, string Args)> Instructions { get; }

    /// <summary>The instructions after the last <c>FROM</c>: the image that runs.</summary>
    public IEnumerable<(string Op, string Args)> FinalStage =>
        Instructions.Skip(Instructions.Select((x, i) => (x, i)).Last(t => t.x.Op == "FROM").i);

    /// <summary>Reads a Dockerfile of the repository.</summary>
    public static Dockerfile Load(string relPath)
    {
        var list = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(System.IO.Path.Combine(SharedData.RepoRoot, relPath)))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            line = pending + line;
            pending = "";
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            list.Add(space < 0 ? (line.ToUpperInvariant(), "") : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
        }

        return new Dockerfile(relPath, list);
    }

    /// <summary>The arguments of the last instruction <paramref name="op"/> of the final stage, or null.</summary>
    public string? Last(string op) => FinalStage.LastOrDefault(i => i.Op == op).Args;

    /// <summary>The port and path the final stage's exec-form <c>HEALTHCHECK</c> asks through bash's <c>/dev/tcp</c>, or null.</summary>
    public (int Port, string Path)? HealthCheck()
    {
        if (Last("HEALTHCHECK") is not { } check)
        {
            return null;
        }

        var script = ExecForm(check[(check.IndexOf("CMD ", StringComparison.Ordinal) + "CMD ".Length)..])[^1];
        var port = System.Text.RegularExpressions.Regex.Match(script, @"/dev/tcp/127\.0\.0\.1/(\d+)").Groups[1].Value;
        var path = System.Text.RegularExpressions.Regex.Match(script, @"GET (\S+) HTTP").Groups[1].Value;
        return (int.Parse(port, System.Globalization.CultureInfo.InvariantCulture), path);
    }

    /// <summary>The variables the final stage's <c>ENV</c> instructions set (<c>KEY=VALUE</c> form).</summary>
    public IReadOnlyDictionary<string, string> Environment() =>
        FinalStage.Where(i => i.Op == "ENV")
            .SelectMany(i => i.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(kv => kv.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    /// <summary>A JSON (exec) form argument list, e.g. of ENTRYPOINT or CMD.</summary>
    public static IReadOnlyList<string> ExecForm(string args) =>
        JsonSerializer.Deserialize<string[]>(args) ?? throw new FormatException($"not an exec-form list: {args}");
}
