namespace SweepCluster.Coordinator.Cli;

/// <summary>The registered verbs (add one line per verb) and the default verb for <c>Coordinator -- FILE</c>.</summary>
internal static class CliVerbs
{
    /// <summary>Every verb, in help order.</summary>
    public static IReadOnlyList<ICliVerb> All { get; } =
    [
        new RunCommand(),
        new PlanVerb(),
        new LeaderboardCommand(),
        new ServeCommand(),
    ];

    /// <summary>The verb used when the first argument is not a verb: <c>run</c> once it exists, until then <c>plan</c>.</summary>
    public static string DefaultVerb => All.Any(v => v.Name == "run") ? "run" : "plan";
}
