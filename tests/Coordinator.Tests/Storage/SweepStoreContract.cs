using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;

namespace SweepCluster.Coordinator.Tests.Storage;

/// <summary>
/// The behaviour every <see cref="ISweepStore"/> must have. A store's test class subclasses this and says how to open a
/// fresh store and how to reopen the same one (a new instance on the same database).
/// </summary>
public abstract class SweepStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ISweepStore? _store;

    private ISweepStore Store => _store ?? throw new InvalidOperationException("not initialised");

    /// <summary>A store on a fresh, empty database, not yet initialised.</summary>
    private protected abstract ISweepStore OpenFresh();

    /// <summary>A new store instance on the same database as the last <see cref="OpenFresh"/>, not yet initialised.</summary>
    private protected abstract ISweepStore Reopen();

    public async Task InitializeAsync()
    {
        _store = OpenFresh();
        await _store.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static SweepRecord Sweep(string id = "s1", string name = "alpha") =>
        new() { Id = id, Name = name, Definition = "{\"x\":1}", SearchState = "{\"next\":0}", CreatedAt = T0 };

    private static TrialRecord Trial(string sweepId, int index) =>
        new() { Id = $"{sweepId}.{index}", SweepId = sweepId, Index = index, Key = $"k{index}", Parameters = $"{{\"lr\":{index}}}", CreatedAt = T0.AddSeconds(index) };

    private async Task CreateAsync(string id = "s1", string name = "alpha", int trials = 2)
    {
        var change = new StateChange
        {
            SweepId = id, Type = "SweepCreated", At = T0, Sweep = Sweep(id, name),
            Trials = [.. Enumerable.Range(0, trials).Select(i => Trial(id, i))],
        };
        Assert.True(await Store.ApplyAsync(change, CancellationToken.None));
    }

    [Fact]
    public async Task ProjectAsync_RowsWithoutDefinitionAfterCreation_DefinitionKeptInOneBatchAndAcross()
    {
        var created = new StateChange { SweepId = "s1", Type = "SweepCreated", At = T0, Sweep = Sweep() };
        var ended = new StateChange { SweepId = "s1", Type = "SweepCompleted", At = T0, Sweep = Sweep() with { Definition = "", SearchState = "{\"next\":2}" } };
        await Store.ProjectAsync([created, ended], 2, CancellationToken.None);
        Assert.Equal(("{\"x\":1}", "{\"next\":2}"), await DefinitionAndStateAsync());

        await using (var again = Reopen())
        {
            await again.InitializeAsync(CancellationToken.None);
            await again.ProjectAsync([ended with { Sweep = ended.Sweep! with { SearchState = "{\"next\":3}" } }], 3, CancellationToken.None);
            Assert.Equal(3, await again.GetProjectionOffsetAsync(CancellationToken.None));
        }

        Assert.Equal(("{\"x\":1}", "{\"next\":3}"), await DefinitionAndStateAsync());
    }

    private async Task<(string, string)> DefinitionAndStateAsync()
    {
        var s = (await Store.GetSweepAsync("s1", CancellationToken.None))!;
        return (s.Definition, s.SearchState);
    }

    [Fact]
    public async Task ApplyAsync_NewSweepAndTrials_ReadBackEqual()
    {
        await CreateAsync();
        Assert.Equal(Sweep(), await Store.GetSweepAsync("s1", CancellationToken.None));
        Assert.Equal(Sweep(), await Store.FindSweepByNameAsync("alpha", CancellationToken.None));
        var trials = await Store.GetTrialsAsync("s1", CancellationToken.None);
        Assert.Equal([Trial("s1", 0), Trial("s1", 1)], trials);
        Assert.Null(await Store.GetSweepAsync("nope", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_TrialUpdate_EveryFieldRoundTrips()
    {
        await CreateAsync();
        var updated = Trial("s1", 1) with
        {
            Status = TrialStatus.Running, Attempt = 3, Failures = 2, LeaseOwner = "w1", LeaseExpiry = T0.AddMinutes(1),
            FencingToken = 42, BestValue = 0.25, BestStep = 300, BestEpoch = 2.5, CheckpointPath = "ck/s1/k1",
            Error = "boom", StartedAt = T0.AddSeconds(5), FinishedAt = T0.AddSeconds(9),
        };
        Assert.True(await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = "X", At = T0, Trials = [updated] }, CancellationToken.None));
        Assert.Equal(updated, await Store.GetTrialAsync("s1.1", CancellationToken.None));
        var sweep = Sweep() with { Status = SweepStatus.Completed, SearchState = "{\"next\":2}", FinishedAt = T0.AddHours(1) };
        await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = "Y", At = T0, Sweep = sweep }, CancellationToken.None);
        Assert.Equal(sweep, await Store.GetSweepAsync("s1", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_DuplicateMetric_ReturnsFalseAndChangesNothing()
    {
        await CreateAsync();
        var metric = new MetricRecord("s1.0", "s1", 1, 100, "{\"val_loss\":0.5}", T0);
        var first = new StateChange { SweepId = "s1", Type = "MetricReported", At = T0, Metric = metric, Trials = [Trial("s1", 0) with { BestValue = 0.5 }] };
        Assert.True(await Store.ApplyAsync(first, CancellationToken.None));
        var dup = first with { Metric = metric with { Values = "{\"val_loss\":0.1}" }, Trials = [Trial("s1", 0) with { BestValue = 0.1 }] };
        Assert.False(await Store.ApplyAsync(dup, CancellationToken.None));
        Assert.Equal(0.5, (await Store.GetTrialAsync("s1.0", CancellationToken.None))!.BestValue);
        Assert.Equal([metric], await Store.GetMetricsAsync("s1", CancellationToken.None));
        Assert.Equal(2, (await Store.GetJournalAsync("s1", 0, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ApplyAllAsync_BatchWithADuplicateMetric_OneCommitOnlyThatChangeDropped()
    {
        await CreateAsync();
        var m = new MetricRecord("s1.0", "s1", 1, 100, "{\"val_loss\":0.5}", T0);
        Assert.True(await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = "M0", At = T0, Metric = m }, CancellationToken.None));
        var batch = new[]
        {
            new StateChange { SweepId = "s1", Type = "Leased", At = T0, Trials = [Trial("s1", 1) with { Status = TrialStatus.Leased, FencingToken = 3 }] },
            new StateChange { SweepId = "s1", Type = "Dup", At = T0, Metric = m with { Values = "{}" }, Trials = [Trial("s1", 0) with { BestValue = 0.1 }] },
            new StateChange { SweepId = "s1", Type = "M1", At = T0, Metric = m with { Step = 200 }, Trials = [Trial("s1", 0) with { BestValue = 0.4 }] },
        };
        Assert.Equal([true, false, true], await Store.ApplyAllAsync(batch, CancellationToken.None));
        Assert.Equal(0.4, (await Store.GetTrialAsync("s1.0", CancellationToken.None))!.BestValue);
        Assert.Equal(3, (await Store.GetTrialAsync("s1.1", CancellationToken.None))!.FencingToken);
        Assert.Equal([100L, 200L], (await Store.GetMetricsAsync("s1", CancellationToken.None)).Select(x => x.Step));
        Assert.Equal(["SweepCreated", "M0", "Leased", "M1"], (await Store.GetJournalAsync("s1", 0, CancellationToken.None)).Select(e => e.Type));
    }

    [Fact]
    public async Task GetMetricsAsync_SameStepNextAttempt_BothKeptInOrder()
    {
        await CreateAsync();
        var m1 = new MetricRecord("s1.0", "s1", 1, 100, "{}", T0);
        var m2 = new MetricRecord("s1.1", "s1", 1, 100, "{}", T0);
        var m3 = new MetricRecord("s1.0", "s1", 2, 100, "{}", T0);
        foreach (var m in new[] { m1, m2, m3 })
        {
            Assert.True(await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = "M", At = T0, Metric = m }, CancellationToken.None));
        }

        Assert.Equal([m1, m2, m3], await Store.GetMetricsAsync("s1", CancellationToken.None));
    }

    [Fact]
    public async Task GetJournalAsync_AfterSequence_AppendOnlyInOrder()
    {
        await CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = $"E{i}", Payload = $"{{\"i\":{i}}}", At = T0.AddSeconds(i) }, CancellationToken.None);
        }

        var all = await Store.GetJournalAsync("s1", 0, CancellationToken.None);
        Assert.Equal(["SweepCreated", "E0", "E1", "E2"], all.Select(e => e.Type));
        Assert.True(all.Zip(all.Skip(1)).All(p => p.Item1.Sequence < p.Item2.Sequence));
        var tail = await Store.GetJournalAsync("s1", all[1].Sequence, CancellationToken.None);
        Assert.Equal(["E1", "E2"], tail.Select(e => e.Type));
        Assert.Equal("{\"i\":1}", tail[0].Payload);
    }

    [Fact]
    public async Task ListSweepsAsync_TwoSweeps_TrialsKeptApart()
    {
        await CreateAsync("s1", "alpha", 2);
        await CreateAsync("s2", "beta", 3);
        Assert.Equal(["alpha", "beta"], (await Store.ListSweepsAsync(CancellationToken.None)).Select(s => s.Name));
        Assert.Equal(3, (await Store.GetTrialsAsync("s2", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task DeleteSweepAsync_Existing_RemovesStateKeepsJournal()
    {
        await CreateAsync("s1", "alpha");
        await CreateAsync("s2", "beta");
        await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = "M", At = T0, Metric = new MetricRecord("s1.0", "s1", 1, 1, "{}", T0) }, CancellationToken.None);
        await Store.DeleteSweepAsync("s1", T0, CancellationToken.None);
        Assert.Null(await Store.FindSweepByNameAsync("alpha", CancellationToken.None));
        Assert.Empty(await Store.GetTrialsAsync("s1", CancellationToken.None));
        Assert.Empty(await Store.GetMetricsAsync("s1", CancellationToken.None));
        Assert.Equal("SweepDeleted", (await Store.GetJournalAsync("s1", 0, CancellationToken.None))[^1].Type);
        Assert.Equal(2, (await Store.GetTrialsAsync("s2", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Reopen_AfterChanges_StateSurvives()
    {
        await CreateAsync();
        await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = "M", At = T0, Metric = new MetricRecord("s1.0", "s1", 1, 7, "{\"a\":1}", T0) }, CancellationToken.None);
        await Store.DisposeAsync();
        _store = Reopen();
        await Store.InitializeAsync(CancellationToken.None);
        Assert.Equal(Sweep(), await Store.GetSweepAsync("s1", CancellationToken.None));
        Assert.Equal(2, (await Store.GetTrialsAsync("s1", CancellationToken.None)).Count);
        Assert.Single(await Store.GetMetricsAsync("s1", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_SweepRowDeletedByAnotherInstance_WrittenWholeAgain()
    {
        await CreateAsync();
        await using (var other = Reopen())
        {
            await other.InitializeAsync(CancellationToken.None);
            await other.DeleteSweepAsync("s1", T0, CancellationToken.None);
        }

        var finished = Sweep() with { Status = SweepStatus.Completed, FinishedAt = T0.AddHours(1) };
        Assert.True(await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = "Done", At = T0, Sweep = finished }, CancellationToken.None));
        Assert.Equal(finished, await Store.GetSweepAsync("s1", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_StoredSweepWithNewDefinition_DefinitionReplaced()
    {
        await CreateAsync();
        var changed = Sweep() with { Definition = "{\"x\":2}", SearchState = "{\"next\":1}" };
        Assert.True(await Store.ApplyAsync(new StateChange { SweepId = "s1", Type = "Redefined", At = T0, Sweep = changed }, CancellationToken.None));
        Assert.Equal(changed, await Store.GetSweepAsync("s1", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAllAsync_SameTrialTwiceInABatch_LastRowStoredEventsAndMetricsInOrder()
    {
        await CreateAsync();
        var m = new MetricRecord("s1.0", "s1", 1, 1, "{\"a\":1}", T0);
        var batch = new[]
        {
            new StateChange { SweepId = "s1", Type = "Leased", At = T0, Trials = [Trial("s1", 0) with { Status = TrialStatus.Leased, FencingToken = 1, LeaseOwner = "w" }] },
            new StateChange { SweepId = "s1", Type = "M1", At = T0, Metric = m, Trials = [Trial("s1", 0) with { Status = TrialStatus.Running, FencingToken = 1, LeaseOwner = "w", BestValue = 1 }] },
            new StateChange { SweepId = "s1", Type = "M2", At = T0, Metric = m with { Step = 2 } },
            new StateChange { SweepId = "s1", Type = "Done", At = T0, Trials = [Trial("s1", 0) with { Status = TrialStatus.Completed, FencingToken = 1, BestValue = 1, FinishedAt = T0 }] },
        };
        Assert.Equal([true, true, true, true], await Store.ApplyAllAsync(batch, CancellationToken.None));
        Assert.Equal(batch[3].Trials[0], await Store.GetTrialAsync("s1.0", CancellationToken.None));
        Assert.Equal([1L, 2L], (await Store.GetMetricsAsync("s1", CancellationToken.None)).Select(x => x.Step));
        Assert.Equal(["SweepCreated", "Leased", "M1", "M2", "Done"], (await Store.GetJournalAsync("s1", 0, CancellationToken.None)).Select(e => e.Type));
    }
}
