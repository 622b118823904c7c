using SweepCluster.Coordinator.Api;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>A sweep runtime whose store cannot be read: what the readiness probe must notice.</summary>
internal sealed class BrokenStoreSweepAdmin : ISweepAdmin
{
    public ValueTask<long> LeasesExpiredTotalAsync(CancellationToken ct) => throw Broken();

    public ValueTask<LeaseBook.Entry?> LocateTrialAsync(string trialId, CancellationToken ct) => ValueTask.FromResult<LeaseBook.Entry?>(null);

    public ValueTask<SweepSummary> SubmitAsync(string text, string source, CancellationToken ct) => throw Broken();

    public ValueTask<IReadOnlyList<SweepSummary>> ListAsync(CancellationToken ct) => throw Broken();

    public ValueTask<SweepSummary?> GetAsync(string id, CancellationToken ct) => throw Broken();

    public ValueTask<SweepSummary?> CancelAsync(string id, CancellationToken ct) => throw Broken();

    public ValueTask<LeaderboardPage?> LeaderboardAsync(string id, int top, CancellationToken ct) => throw Broken();

    private static InvalidOperationException Broken() => new("database is locked");
}
