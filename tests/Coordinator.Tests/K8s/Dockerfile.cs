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

    /// <summary>A JSON (exec) form argument list, e.g. of ENTRYPOINT or CMD.</summary>
    public static IReadOnlyList<string> ExecForm(string args) =>
        JsonSerializer.Deserialize<string[]>(args) ?? throw new FormatException($"not an exec-form list: {args}");
}
