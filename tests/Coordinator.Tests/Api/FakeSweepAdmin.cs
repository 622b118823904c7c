using System.Text.Json;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;


/// <summary>One known sweep "demo"; a submission containing "bad" is rejected at 3:7.</summary>
internal sealed class FakeSweepAdmin : ISweepAdmin
{
    public List<string> Submitted { get; } = [];

    public List<string> Cancelled { get; } = [];

    public ValueTask<long> LeasesExpiredTotalAsync(CancellationToken ct) => ValueTask.FromResult(3L);

    public ValueTask<LeaseBook.Entry?> LocateTrialAsync(string trialId, CancellationToken ct) => ValueTask.FromResult<LeaseBook.Entry?>(null);

    private static SweepSummary Demo(string state = "running") => new()
    {
        Id = "demo",
        State = state,
        Trials = new Dictionary<string, int> { ["pending"] = 4, ["running"] = 2, ["completed"] = 6 },
        Objective = new ObjectiveSpec("val_loss", ObjectiveMode.Min),
    };

    public ValueTask<SweepSummary> SubmitAsync(string text, string source, CancellationToken ct)
    {
        if (text.Contains("bad", StringComparison.Ordinal))
        {
            throw new SweepRejected($"{source}:3:7", "search.lr: expected a list");
        }

        Submitted.Add(text);
        return ValueTask.FromResult(Demo());
    }

    public ValueTask<IReadOnlyList<SweepSummary>> ListAsync(CancellationToken ct) => ValueTask.FromResult<IReadOnlyList<SweepSummary>>([Demo()]);

    public ValueTask<SweepSummary?> GetAsync(string id, CancellationToken ct) => ValueTask.FromResult(id == "demo" ? Demo() : null);

    public ValueTask<SweepSummary?> CancelAsync(string id, CancellationToken ct)
    {
        if (id != "demo")
        {
            return ValueTask.FromResult<SweepSummary?>(null);
        }

        Cancelled.Add(id);
        return ValueTask.FromResult<SweepSummary?>(Demo("cancelled"));
    }

    public ValueTask<LeaderboardPage?> LeaderboardAsync(string id, int top, CancellationToken ct)
    {
        if (id != "demo")
        {
            return ValueTask.FromResult<LeaderboardPage?>(null);
        }

        var rows = new List<LeaderboardRow>
        {
            new() { Rank = 1, TrialKey = "a,b", Status = "completed", BestValue = 0.25, BestStep = 100, Parameters = new Dictionary<string, JsonElement> { ["lr"] = JsonSerializer.SerializeToElement(0.01, WireJsonContext.Default.Double) } },
            new() { Rank = 2, TrialKey = "c", Status = "stopped", BestValue = 0.5, BestStep = 50 },
        };
        return ValueTask.FromResult<LeaderboardPage?>(new LeaderboardPage("demo", new ObjectiveSpec("val_loss", ObjectiveMode.Min), rows.Take(top).ToList()));
    }
}
