using System.Text.RegularExpressions;
using SweepCluster.Coordinator.Tests.Storage.Postgres;

namespace SweepCluster.Coordinator.Tests.Fault;

/// <summary>Fault test 2: the coordinator SIGKILLed mid-sweep and restarted; workers buffer, reconnect and deliver.</summary>
[Collection(FaultCollection.Name)]
public sealed partial class CoordinatorKilledTests
{
    [Fact]
    public Task CoordinatorKilledMidSweep_Sqlite_WorkersReconnectAndNothingIsLostOrDoubled() => RunAsync(postgres: false);

    [PostgresFact]
    public Task CoordinatorKilledMidSweep_Postgres_WorkersReconnectAndNothingIsLostOrDoubled() => RunAsync(postgres: true);

    private static async Task RunAsync(bool postgres)
    {
        await using var c = await FaultCluster.CreateAsync(postgres, leaseTtl: 15);
        await c.StartCoordinatorAsync();
        var workers = new[] { c.StartWorker("w0"), c.StartWorker("w1") };
        var completedBefore = 0;
        await FaultCluster.WaitUntilAsync(async () =>
        {
            completedBefore = (await c.SweepAsync())?.Trials.GetValueOrDefault("completed") ?? 0;
            return completedBefore >= 2;
        }, TimeSpan.FromSeconds(180), "two trials completed");

        c.Coordinator!.Kill();
        await Task.WhenAny(workers.Select(w => w.WaitForLineAsync(l => l.EndsWith(" buffered", StringComparison.Ordinal), TimeSpan.FromSeconds(120))));
        await c.StartCoordinatorAsync();

        var end = await c.WaitForEndAsync(TimeSpan.FromSeconds(300));
        Assert.Equal("completed", end.State);
        var lines = workers.SelectMany(w => w.Lines).ToList();
        Assert.Contains(lines, l => l.Contains("registering again", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("coordinator refused buffered", StringComparison.Ordinal));
        Assert.Contains(lines, l => Delivered().Match(l) is { Success: true } m && int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);

        var board = await c.LeaderboardAsync();
        Assert.Equal(FaultCluster.Trials, board.Rows.Count);
        Assert.All(board.Rows, r => Assert.Equal("completed", r.Status));
        Assert.True(board.Rows.Count >= completedBefore);

        foreach (var w in workers)
        {
            Assert.Equal(0, await w.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(0, await c.Coordinator!.TerminateAsync(TimeSpan.FromSeconds(60)));
        var ends = await c.TerminalEndsAsync();
        Assert.Equal(FaultCluster.Trials, ends.Count);
        Assert.All(ends, kv => Assert.Equal(1, kv.Value));
    }

    [GeneratedRegex(@"coordinator reachable again; (\d+) buffered messages to deliver")]
    private static partial Regex Delivered();
}
