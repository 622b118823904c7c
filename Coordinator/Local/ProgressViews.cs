using System.Globalization;
using Spectre.Console;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Local;

/// <summary>Shows a running sweep until <c>done</c> completes: a live Spectre.Console display on a terminal, log lines otherwise.</summary>
internal sealed class ProgressViews(SweepRef actor, TextWriter output, TimeProvider time, bool live)
{
    private readonly Dictionary<string, TrialStatus> _seen = [];
    private int? _doneAtStart;

    /// <summary>Refreshes until <paramref name="done"/> completes.</summary>
    public Task RunAsync(Task done) => live ? LiveAsync(done) : PlainAsync(done);

    private async Task<ProgressModel> ModelAsync(DateTimeOffset start)
    {
        var snap = await actor.SnapshotAsync();
        _doneAtStart ??= snap.Trials.Count(t => TrialLifecycle.IsTerminal(t.Status));
        return new ProgressModel(snap, time.GetUtcNow() - start, actor.Definition.Objective, actor.Definition.Trial) { DoneAtStart = _doneAtStart.Value };
    }

    private async Task PlainAsync(Task done)
    {
        var start = time.GetUtcNow();
        var lastTotals = "";
        var lastPrint = start;
        while (true)
        {
            var model = await ModelAsync(start);
            foreach (var t in model.Snapshot.Trials)
            {
                if (_seen.TryGetValue(t.Id, out var before) && before == t.Status)
                {
                    continue;
                }

                _seen[t.Id] = t.Status;
                if (t.Status is TrialStatus.Leased or TrialStatus.Pending && before == default && t.Attempt == 1)
                {
                    continue;
                }

                var value = t.BestValue is { } b ? string.Create(CultureInfo.InvariantCulture, $" best {model.Objective.Metric} {b:G5}") : "";
                var error = t.Status is TrialStatus.Dead or TrialStatus.Pending && t.Error is { } e ? $" ({e.Split('\n')[0]})" : "";
                await output.WriteLineAsync($"trial {t.Key} [{ProgressModel.Params(t)}] {t.Status.ToString().ToLowerInvariant()} (attempt {t.Attempt}){value}{error}");
            }

            var totals = model.Totals;
            var now = time.GetUtcNow();
            if (done.IsCompleted || !SameCounts(totals, lastTotals) || now - lastPrint >= TimeSpan.FromSeconds(30))
            {
                await output.WriteLineAsync($"{totals} | best {model.Best}");
                lastTotals = totals;
                lastPrint = now;
            }

            if (done.IsCompleted)
            {
                return;
            }

            await Task.WhenAny(done, Task.Delay(TimeSpan.FromSeconds(1), time));
        }
    }

    private static bool SameCounts(string a, string b) => a.Split("| elapsed")[0] == b.Split("| elapsed")[0];

    private async Task LiveAsync(Task done)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var start = time.GetUtcNow();
        var table = new Table().Expand();
        table.Title = new TableTitle(Markup.Escape($"sweep {actor.Definition.Name}"));
        table.AddColumns("trial", "parameters", "latest", "progress");
        await console.Live(table).AutoClear(false).StartAsync(async ctx =>
        {
            while (true)
            {
                var model = await ModelAsync(start);
                table.Rows.Clear();
                foreach (var t in model.Snapshot.Trials.Where(t => TrialLifecycle.IsActive(t.Status)))
                {
                    table.AddRow(new Markup(Markup.Escape(t.Key)), new Markup(Markup.Escape(ProgressModel.Params(t))), new Markup(Markup.Escape(model.Latest(t))), Bar(model.Fraction(t)));
                }

                table.Caption = new TableTitle(Markup.Escape($"{model.Totals}\nbest {model.Best}"));
                ctx.Refresh();
                if (done.IsCompleted)
                {
                    return;
                }

                await Task.WhenAny(done, Task.Delay(TimeSpan.FromMilliseconds(500), time));
            }
        });
    }

    private static Markup Bar(double? fraction)
    {
        if (fraction is not { } f)
        {
            return new Markup("-");
        }

        const int width = 20;
        var full = (int)Math.Round(f * width);
        return new Markup($"[green]{new string('█', full)}[/][grey]{new string('░', width - full)}[/] {f * 100:F0}%");
    }
}
