namespace SweepCluster.Coordinator.Storage;

/// <summary>A store that passes every call to <paramref name="inner"/>; decorators (a test view that reads after the projection caught up, the benchmark's commit timer) override what they change.</summary>
internal abstract class SweepStoreDecorator(ISweepStore inner) : ISweepStore
{
    /// <summary>The decorated store.</summary>
    protected ISweepStore Inner => inner;

    public virtual Task<IReadOnlyList<bool>> ApplyAllAsync(IReadOnlyList<StateChange> changes, CancellationToken ct) => inner.ApplyAllAsync(changes, ct);

    public virtual Task<bool> ApplyAsync(StateChange change, CancellationToken ct) => inner.ApplyAsync(change, ct);

    public virtual Task<IReadOnlyList<bool>> ProjectAsync(IReadOnlyList<StateChange> changes, long offset, CancellationToken ct) => inner.ProjectAsync(changes, offset, ct);

    public Task<long> GetProjectionOffsetAsync(CancellationToken ct) => inner.GetProjectionOffsetAsync(ct);

    public virtual Task InitializeAsync(CancellationToken ct) => inner.InitializeAsync(ct);

    public virtual Task<SweepRecord?> FindSweepByNameAsync(string name, CancellationToken ct) => inner.FindSweepByNameAsync(name, ct);

    public virtual Task<SweepRecord?> GetSweepAsync(string sweepId, CancellationToken ct) => inner.GetSweepAsync(sweepId, ct);

    public virtual Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken ct) => inner.ListSweepsAsync(ct);

    public virtual Task<IReadOnlyList<TrialRecord>> GetTrialsAsync(string sweepId, CancellationToken ct) => inner.GetTrialsAsync(sweepId, ct);

    public virtual Task<TrialRecord?> GetTrialAsync(string trialId, CancellationToken ct) => inner.GetTrialAsync(trialId, ct);

    public virtual Task<IReadOnlyList<MetricRecord>> GetMetricsAsync(string sweepId, CancellationToken ct) => inner.GetMetricsAsync(sweepId, ct);

    public virtual Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string sweepId, long afterSequence, CancellationToken ct) => inner.GetJournalAsync(sweepId, afterSequence, ct);

    public Task DeleteSweepAsync(string sweepId, DateTimeOffset at, CancellationToken ct) => inner.DeleteSweepAsync(sweepId, at, ct);

    public virtual ValueTask DisposeAsync() => inner.DisposeAsync();
}
