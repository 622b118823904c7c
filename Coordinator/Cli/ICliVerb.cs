using System.CommandLine;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// One verb of the coordinator's command line. To add a verb: one file under <c>Cli/</c> implementing this interface,
/// and one line in <see cref="CliVerbs.All"/>. Actions write to <see cref="CliContext.Out"/>/<see cref="CliContext.Error"/>,
/// return the exit code, and throw <see cref="Hocon.ConfigException"/> for bad input (the app prints it and exits 2).
/// </summary>
internal interface ICliVerb
{
    /// <summary>The verb's name on the command line.</summary>
    string Name { get; }

    /// <summary>Builds the verb's command with its arguments, options and action.</summary>
    Command Build(CliContext context);
}

/// <summary>What verbs write to, and the process-level services they share.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error)
{
    /// <summary>The clock verbs use (tests pass a manual one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Width of tables when the output is not a terminal.</summary>
    public int Width { get; init; } = 160;
}
