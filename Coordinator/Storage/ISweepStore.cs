namespace SweepCluster.Coordinator.Storage;

/// <summary>
/// Durable sweep state: sweeps, trials, metrics and an append-only event journal. Every <see cref="ApplyAsync"/> is one
/// transaction: when it returns, the change is durable. Implemented on SQLite (embedded) and PostgreSQL; both pass the
/// same contract test suite.
/// </summary>
internal interface ISweepStore : IAsyncDisposable
{
    /// <summary>Creates or migrates the schema.</summary>
    Task InitializeAsync(CancellationToken ct);

    /// <summary>Applies one change atomically; false (and nothing changed) when its metric is a duplicate.</summary>
    Task<bool> ApplyAsync(StateChange change, CancellationToken ct);

    /// <summary>
    /// Applies several changes, in order, in ONE transaction with one commit (group commit); per change, false when its
    /// metric was a duplicate (that change's rows and event are skipped). When it throws, none of them is stored.
    /// </summary>
    Task<IReadOnlyList<bool>> ApplyAllAsync(IReadOnlyList<StateChange> changes, CancellationToken ct);

    /// <summary>The sweep named <paramref name="name"/>, or null.</summary>
    Task<SweepRecord?> FindSweepByNameAsync(string name, CancellationToken ct);

    /// <summary>The sweep with id <paramref name="sweepId"/>, or null.</summary>
    Task<SweepRecord?> GetSweepAsync(string sweepId, CancellationToken ct);

    /// <summary>Every sweep, oldest first.</summary>
    Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken ct);

    /// <summary>The trials of a sweep, in plan order.</summary>
    Task<IReadOnlyList<TrialRecord>> GetTrialsAsync(string sweepId, CancellationToken ct);

    /// <summary>One trial, or null.</summary>
    Task<TrialRecord?> GetTrialAsync(string trialId, CancellationToken ct);

    /// <summary>The metrics of a sweep in the order they were accepted.</summary>
    Task<IReadOnlyList<MetricRecord>> GetMetricsAsync(string sweepId, CancellationToken ct);

    /// <summary>The journal of a sweep after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string sweepId, long afterSequence, CancellationToken ct);

    /// <summary>Deletes a sweep's state (sweep, trials, metrics) and journals that it did; used by <c>--restart</c>.</summary>
    Task DeleteSweepAsync(string sweepId, DateTimeOffset at, CancellationToken ct);
}
