using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;

namespace SweepCluster.Coordinator.Cli;

/// <summary><c>plan FILE</c>: loads a sweep file and prints its trials, the total and what each constraint removed.</summary>
internal sealed class PlanVerb : ICliVerb
{
    public string Name => "plan";

    public Command Build(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The sweep file (HOCON)." };
        var limit = new Option<int?>("--limit") { Description = "Print at most this many trials (the totals count all)." };
        var command = new Command(Name, "Print the trials a sweep file expands to, without running anything.") { file, limit };
        command.SetAction(parse => Execute(context, parse.GetValue(file)!, parse.GetValue(limit)));
        return command;
    }

    private static int Execute(CliContext context, string path, int? limit)
    {
        var sweepFile = SweepFileLoader.Load(path);
        var plan = SweepPlanner.Plan(sweepFile.Sweep);
        PlanValidator.EnsureValid(sweepFile.Sweep, plan, path);
        Print(context, sweepFile.Sweep, plan, limit);
        return 0;
    }

    internal static void Print(CliContext context, SweepConfig sweep, SweepPlan plan, int? limit)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(context.Out),
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = context.Width;

        var search = sweep.Search.Algorithm switch
        {
            SearchAlgorithm.Grid => "grid search",
            SearchAlgorithm.Tpe => string.Create(CultureInfo.InvariantCulture,
                $"TPE search ({sweep.Search.Samples} trials, seed {sweep.Search.Seed}; TPE chooses them as results arrive, below is a random sample of the space)"),
            _ => string.Create(CultureInfo.InvariantCulture, $"random search ({sweep.Search.Samples} samples, seed {sweep.Search.Seed})"),
        };
        var mode = sweep.Objective.Mode.ToString().ToLowerInvariant();
        context.Out.WriteLine($"Sweep {sweep.Name}: {search} over {sweep.Space.Count} parameters, task {sweep.Task}, objective {sweep.Objective.Metric} ({mode})");

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("key");
        foreach (var p in sweep.Space)
        {
            table.AddColumn(new TableColumn(Markup.Escape(p.Name)));
        }

        foreach (var trial in plan.Trials.Take(limit ?? int.MaxValue))
        {
            var cells = new List<string> { trial.Index.ToString(CultureInfo.InvariantCulture), trial.Key };
            cells.AddRange(sweep.Space.Select(p => Markup.Escape(trial.Parameters[p.Name].ToString())));
            table.AddRow([.. cells]);
        }

        console.Write(table);
        if (limit is { } l && plan.Total > l)
        {
            context.Out.WriteLine($"... {plan.Total - l} more");
        }

        var candidates = sweep.Search.Algorithm == SearchAlgorithm.Grid
            ? $"{plan.Candidates} points in the grid"
            : $"{plan.Candidates} draws, {plan.Duplicates} duplicates";
        context.Out.WriteLine($"Total: {plan.Total} trials ({candidates})");
        if (plan.Removed.Count > 0)
        {
            var width = plan.Removed.Max(r => r.Constraint.Length);
            context.Out.WriteLine("Removed by constraints:");
            foreach (var r in plan.Removed)
            {
                context.Out.WriteLine($"  {r.Constraint.PadRight(width)}  {r.Removed}");
            }
        }
    }
}
