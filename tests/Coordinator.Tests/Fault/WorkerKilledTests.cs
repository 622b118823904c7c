using SweepCluster.Coordinator.Tests.Storage.Postgres;

namespace SweepCluster.Coordinator.Tests.Fault;

/// <summary>Fault test 1: a worker SIGKILLed mid-trial; its trial is re-leased after the TTL and resumes from its last checkpoint elsewhere.</summary>
[Collection(FaultCollection.Name)]
public sealed class WorkerKilledTests
{
    [Fact]
    public Task WorkerKilledMidTrial_Sqlite_TrialResumesElsewhereAndEveryTrialEndsOnce() => RunAsync(postgres: false);

    [PostgresFact]
    public Task WorkerKilledMidTrial_Postgres_TrialResumesElsewhereAndEveryTrialEndsOnce() => RunAsync(postgres: true);

    private static async Task RunAsync(bool postgres)
    {
        await using var c = await FaultCluster.CreateAsync(postgres, leaseTtl: 3);
        await c.StartCoordinatorAsync();
        var victim = c.StartWorker("w0");
        var survivors = new[] { c.StartWorker("w1"), c.StartWorker("w2") };

        var line = await victim.WaitForLineAsync(l => l.Contains("attempt 1: uploaded last/ checkpoint", StringComparison.Ordinal), TimeSpan.FromSeconds(180));
        var trial = line["trial ".Length..line.IndexOf(" attempt", StringComparison.Ordinal)];
        victim.Kill();

        var end = await c.WaitForEndAsync(TimeSpan.FromSeconds(300));
        Assert.Equal("completed", end.State);
        Assert.Contains(survivors.SelectMany(w => w.Lines), l => l.Contains($"trial {trial} attempt 2: resuming from the uploaded last checkpoint", StringComparison.Ordinal));

        var board = await c.LeaderboardAsync();
        Assert.Equal(FaultCluster.Trials, board.Rows.Count);
        Assert.Equal(FaultCluster.Trials, board.Rows.Select(r => r.TrialKey).Distinct().Count());
        Assert.All(board.Rows, r => Assert.Equal("completed", r.Status));

        foreach (var w in survivors)
        {
            Assert.Equal(0, await w.TerminateAsync(TimeSpan.FromSeconds(60)));
        }

        Assert.Equal(0, await c.Coordinator!.TerminateAsync(TimeSpan.FromSeconds(60)));
        var ends = await c.TerminalEndsAsync();
        Assert.Equal(FaultCluster.Trials, ends.Count);
        Assert.All(ends, kv => Assert.Equal(1, kv.Value));
    }
}

/// <summary>The fault tests start several processes each; they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection
{
    public const string Name = "fault";
}
