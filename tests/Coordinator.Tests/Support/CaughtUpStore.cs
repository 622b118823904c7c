using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Storage;

namespace SweepCluster.Coordinator.Tests.Support;

/// <summary>A read-model view whose every read waits until the projection holds everything journaled before the read.</summary>
internal sealed class CaughtUpStore(ISweepStore inner, SweepSystem system) : ISweepStore
{
    private async Task<T> After<T>(Func<Task<T>> read, CancellationToken ct)
    {
        await system.CaughtUpAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        return await read();
    }

    public Task InitializeAsync(CancellationToken ct) => Task.CompletedTask;

    public Task<bool> ApplyAsync(StateChange change, CancellationToken ct) => inner.ApplyAsync(change, ct);

    public Task<IReadOnlyList<bool>> ApplyAllAsync(IReadOnlyList<StateChange> changes, CancellationToken ct) => inner.ApplyAllAsync(changes, ct);

    public Task<IReadOnlyList<bool>> ProjectAsync(IReadOnlyList<StateChange> changes, long offset, CancellationToken ct) => inner.ProjectAsync(changes, offset, ct);

    public Task<long> GetProjectionOffsetAsync(CancellationToken ct) => inner.GetProjectionOffsetAsync(ct);

    public Task<SweepRecord?> FindSweepByNameAsync(string name, CancellationToken ct) => After(() => inner.FindSweepByNameAsync(name, ct), ct);

    public Task<SweepRecord?> GetSweepAsync(string sweepId, CancellationToken ct) => After(() => inner.GetSweepAsync(sweepId, ct), ct);

    public Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken ct) => After(() => inner.ListSweepsAsync(ct), ct);

    public Task<IReadOnlyList<TrialRecord>> GetTrialsAsync(string sweepId, CancellationToken ct) => After(() => inner.GetTrialsAsync(sweepId, ct), ct);

    public Task<TrialRecord?> GetTrialAsync(string trialId, CancellationToken ct) => After(() => inner.GetTrialAsync(trialId, ct), ct);

    public Task<IReadOnlyList<MetricRecord>> GetMetricsAsync(string sweepId, CancellationToken ct) => After(() => inner.GetMetricsAsync(sweepId, ct), ct);

    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string sweepId, long afterSequence, CancellationToken ct) => After(() => inner.GetJournalAsync(sweepId, afterSequence, ct), ct);

    public Task DeleteSweepAsync(string sweepId, DateTimeOffset at, CancellationToken ct) => inner.DeleteSweepAsync(sweepId, at, ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
