using System.Text.RegularExpressions;

namespace SweepCluster.Coordinator.Tests.Docs;

/// <summary>The documented commands never put a token on a command line, where ps shows it (issue 19, item 3).</summary>
public sealed partial class TokenDocsTests
{
    [GeneratedRegex(@"--token\s+[""']?\$|Bearer \$|Authorization: Bearer [A-Za-z0-9]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex TokenOnCommandLine();

    [Fact]
    public void Docs_Commands_NoTokenOnCommandLine()
    {
        var root = SharedData.RepoRoot;
        var files = Directory.GetFiles(Path.Combine(root, "docs"), "*.md")
            .Append(Path.Combine(root, "README.md")).Append(Path.Combine(root, "k8s", "README.md"));
        var offenders = new List<string>();
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                // a token written into a file by the shell's printf builtin is not on any command line
                if (TokenOnCommandLine().IsMatch(lines[i]) && !lines[i].Contains("printf", StringComparison.Ordinal))
                {
                    offenders.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.Empty(offenders);
    }
}
