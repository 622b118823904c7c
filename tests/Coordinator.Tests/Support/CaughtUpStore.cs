using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Storage;

namespace SweepCluster.Coordinator.Tests.Support;

/// <summary>A read-model view whose every read waits until the projection holds everything journaled before the read; the kit owns the store.</summary>
internal sealed class CaughtUpStore(ISweepStore inner, SweepSystem system) : SweepStoreDecorator(inner)
{
    private async Task<T> After<T>(Func<Task<T>> read, CancellationToken ct)
    {
        await system.CaughtUpAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        return await read();
    }

    public override Task InitializeAsync(CancellationToken ct) => Task.CompletedTask;

    public override Task<SweepRecord?> FindSweepByNameAsync(string name, CancellationToken ct) => After(() => Inner.FindSweepByNameAsync(name, ct), ct);

    public override Task<SweepRecord?> GetSweepAsync(string sweepId, CancellationToken ct) => After(() => Inner.GetSweepAsync(sweepId, ct), ct);

    public override Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken ct) => After(() => Inner.ListSweepsAsync(ct), ct);

    public override Task<IReadOnlyList<TrialRecord>> GetTrialsAsync(string sweepId, CancellationToken ct) => After(() => Inner.GetTrialsAsync(sweepId, ct), ct);

    public override Task<TrialRecord?> GetTrialAsync(string trialId, CancellationToken ct) => After(() => Inner.GetTrialAsync(trialId, ct), ct);

    public override Task<IReadOnlyList<MetricRecord>> GetMetricsAsync(string sweepId, CancellationToken ct) => After(() => Inner.GetMetricsAsync(sweepId, ct), ct);

    public override Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string sweepId, long afterSequence, CancellationToken ct) => After(() => Inner.GetJournalAsync(sweepId, afterSequence, ct), ct);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
