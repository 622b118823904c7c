using SweepCluster.Coordinator.Api;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.K8s;

using Leaderboard = SweepCluster.Messages.Leaderboard;

/// <summary>A sweep runtime whose store cannot be read: what the readiness probe must notice.</summary>
internal sealed class BrokenStoreSweepAdmin : ISweepAdmin
{
    public long LeasesExpiredTotal => 0;

    public ValueTask<SweepSummary> SubmitAsync(string text, string source, CancellationToken ct) => throw Broken();

    public ValueTask<IReadOnlyList<SweepSummary>> ListAsync(CancellationToken ct) => throw Broken();

    public ValueTask<SweepSummary?> GetAsync(string id, CancellationToken ct) => throw Broken();

    public ValueTask<SweepSummary?> CancelAsync(string id, CancellationToken ct) => throw Broken();

    public ValueTask<Leaderboard?> LeaderboardAsync(string id, int top, CancellationToken ct) => throw Broken();

    private static InvalidOperationException Broken() => new("database is locked");
}
