namespace SweepCluster.Coordinator.Storage;

/// <summary>
/// The read model of the sweeps: sweeps, trials, metrics and an event log, projected from the Akka.Persistence journal of
/// the sweep actors (<see cref="ProjectAsync"/>) and read by the leaderboard, the CLI and the HTTP API without an actor
/// system. Every write is one transaction. Implemented on SQLite (embedded) and PostgreSQL; both pass the same contract
/// test suite.
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

    /// <summary>
    /// The read-model projection's write: <see cref="ApplyAllAsync"/> of journal events and the journal ordering they end at,
    /// in ONE transaction, so after a crash the projection resumes exactly after what it stored (exactly once).
    /// </summary>
    Task<IReadOnlyList<bool>> ProjectAsync(IReadOnlyList<StateChange> changes, long offset, CancellationToken ct);

    /// <summary>The journal ordering up to which events are in the read model (0 when none).</summary>
    Task<long> GetProjectionOffsetAsync(CancellationToken ct);

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
