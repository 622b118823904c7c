using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;


/// <summary>The sweep runtime as the HTTP API's sweep endpoints see it (submit, list, cancel, leaderboard, counters).</summary>
internal interface ISweepAdmin
{
    /// <summary>Parses, plans and starts a sweep from a sweep file's text; a bad file is a <see cref="SweepRejected"/>.</summary>
    ValueTask<SweepSummary> SubmitAsync(string text, string source, CancellationToken ct);

    /// <summary>Every sweep the coordinator knows.</summary>
    ValueTask<IReadOnlyList<SweepSummary>> ListAsync(CancellationToken ct);

    /// <summary>One sweep, or null when unknown.</summary>
    ValueTask<SweepSummary?> GetAsync(string id, CancellationToken ct);

    /// <summary>Cancels a sweep (running trials are told to stop); null when unknown.</summary>
    ValueTask<SweepSummary?> CancelAsync(string id, CancellationToken ct);

    /// <summary>The top <paramref name="top"/> rows of a sweep's leaderboard; null when unknown.</summary>
    ValueTask<LeaderboardPage?> LeaderboardAsync(string id, int top, CancellationToken ct);

    /// <summary>A trial's current attempt and coordinator-side checkpoint directory, or null when unknown (checkpoints after a restart).</summary>
    ValueTask<LeaseBook.Entry?> LocateTrialAsync(string trialId, CancellationToken ct);

    /// <summary>A stored trial's status in lower case (e.g. <c>running</c>, <c>completed</c>), or null when unknown.</summary>
    ValueTask<string?> TrialStatusAsync(string trialId, CancellationToken ct) => ValueTask.FromResult<string?>(null);

    /// <summary>Leases that expired without renewal, over every stored sweep (a Prometheus counter).</summary>
    ValueTask<long> LeasesExpiredTotalAsync(CancellationToken ct);
}

/// <summary>A submitted sweep file that cannot run; <see cref="Field"/> names file:line:column or the config path.</summary>
internal sealed class SweepRejected(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>No sweep runtime behind the API: sweep endpoints answer 503.</summary>
internal sealed class NoSweepAdmin : ISweepAdmin
{
    public ValueTask<long> LeasesExpiredTotalAsync(CancellationToken ct) => ValueTask.FromResult(0L);

    public ValueTask<LeaseBook.Entry?> LocateTrialAsync(string trialId, CancellationToken ct) => ValueTask.FromResult<LeaseBook.Entry?>(null);

    public ValueTask<SweepSummary> SubmitAsync(string text, string source, CancellationToken ct) =>
        throw new SweepRejected("$", "this coordinator does not accept sweeps");

    public ValueTask<IReadOnlyList<SweepSummary>> ListAsync(CancellationToken ct) => ValueTask.FromResult<IReadOnlyList<SweepSummary>>([]);

    public ValueTask<SweepSummary?> GetAsync(string id, CancellationToken ct) => ValueTask.FromResult<SweepSummary?>(null);

    public ValueTask<SweepSummary?> CancelAsync(string id, CancellationToken ct) => ValueTask.FromResult<SweepSummary?>(null);

    public ValueTask<LeaderboardPage?> LeaderboardAsync(string id, int top, CancellationToken ct) => ValueTask.FromResult<LeaderboardPage?>(null);
}
