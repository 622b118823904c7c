using System.CommandLine;
using SweepCluster.Coordinator.Cli;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>
/// The coordinator's command line as <see cref="CliApp"/> assembles it: every verb of <see cref="CliVerbs.All"/> on one
/// root, and the default verb inserted when the first argument is not one. (The Coordinator has no static root builder;
/// this uses its verb registry and default-verb rule, not a copy of any option.)
/// </summary>
internal static class CoordinatorCommandLine
{
    /// <summary>Parses <paramref name="args"/> as <c>Coordinator ARGS</c> would.</summary>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var root = new RootCommand("coordinator");
        var context = new CliContext(TextWriter.Null, TextWriter.Null);
        foreach (var verb in CliVerbs.All)
        {
            root.Add(verb.Build(context));
        }

        return root.Parse(CliApp.WithDefaultVerb([.. args]));
    }
}
