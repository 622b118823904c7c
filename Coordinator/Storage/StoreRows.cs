using System.Data;
using SweepCluster.Coordinator.Sweeps.Lifecycle;

namespace SweepCluster.Coordinator.Storage;

/// <summary>
/// Column-shaped rows for Dapper (times as Unix milliseconds, enums as names) and the SQL both SQLite and PostgreSQL
/// accept; a relational store maps records through these.
/// </summary>
internal static class StoreRows
{
    /// <summary>Columns of <c>sweeps</c>, aliased to <see cref="SweepRow"/>.</summary>
    public const string SweepColumns = "id AS Id, name AS Name, status AS Status, definition AS Definition, search_state AS SearchState, created_at AS CreatedAt, finished_at AS FinishedAt";

    /// <summary>Columns of <c>trials</c>, aliased to <see cref="TrialRow"/>.</summary>
    public const string TrialColumns = "id AS Id, sweep_id AS SweepId, idx AS Idx, trial_key AS TrialKey, parameters AS Parameters, status AS Status, attempt AS Attempt, failures AS Failures, lease_owner AS LeaseOwner, lease_expiry AS LeaseExpiry, fencing_token AS FencingToken, best_value AS BestValue, best_step AS BestStep, best_epoch AS BestEpoch, checkpoint_path AS CheckpointPath, error AS Error, created_at AS CreatedAt, started_at AS StartedAt, finished_at AS FinishedAt";

    /// <summary>Insert-or-update of one sweep (its whole row, definition included).</summary>
    public static readonly SqlStatement UpsertSweep = new("""
        INSERT INTO sweeps (id, name, status, definition, search_state, created_at, finished_at)
        VALUES (@Id, @Name, @Status, @Definition, @SearchState, @CreatedAt, @FinishedAt)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status,
            definition = CASE WHEN excluded.definition = '' THEN sweeps.definition ELSE excluded.definition END,
            search_state = excluded.search_state, finished_at = excluded.finished_at
        """, [("Id", S), ("Name", S), ("Status", S), ("Definition", S), ("SearchState", S), ("CreatedAt", L), ("FinishedAt", L)]);

    /// <summary>Update of the columns of a stored sweep that change (see <see cref="StoredSweeps"/>); 0 rows when it is not stored.</summary>
    public static readonly SqlStatement UpdateSweep = new(
        "UPDATE sweeps SET status = @Status, search_state = @SearchState, finished_at = @FinishedAt WHERE id = @Id",
        [("Id", S), ("Status", S), ("SearchState", S), ("FinishedAt", L)]);

    /// <summary>Insert-or-update of one trial.</summary>
    public static readonly SqlStatement UpsertTrial = new("""
        INSERT INTO trials (id, sweep_id, idx, trial_key, parameters, status, attempt, failures, lease_owner, lease_expiry,
            fencing_token, best_value, best_step, best_epoch, checkpoint_path, error, created_at, started_at, finished_at)
        VALUES (@Id, @SweepId, @Idx, @TrialKey, @Parameters, @Status, @Attempt, @Failures, @LeaseOwner, @LeaseExpiry,
            @FencingToken, @BestValue, @BestStep, @BestEpoch, @CheckpointPath, @Error, @CreatedAt, @StartedAt, @FinishedAt)
        ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempt = excluded.attempt, failures = excluded.failures,
            lease_owner = excluded.lease_owner, lease_expiry = excluded.lease_expiry, fencing_token = excluded.fencing_token,
            best_value = excluded.best_value, best_step = excluded.best_step, best_epoch = excluded.best_epoch,
            checkpoint_path = excluded.checkpoint_path, error = excluded.error, started_at = excluded.started_at,
            finished_at = excluded.finished_at
        """,
        [("Id", S), ("SweepId", S), ("Idx", L), ("TrialKey", S), ("Parameters", S), ("Status", S), ("Attempt", L), ("Failures", L),
            ("LeaseOwner", S), ("LeaseExpiry", L), ("FencingToken", L), ("BestValue", D), ("BestStep", L), ("BestEpoch", D),
            ("CheckpointPath", S), ("Error", S), ("CreatedAt", L), ("StartedAt", L), ("FinishedAt", L)]);

    /// <summary>Insert of one metric; does nothing (0 rows) when (trial, attempt, step) exists.</summary>
    public static readonly SqlStatement InsertMetric = new("""
        INSERT INTO metrics (trial_id, sweep_id, attempt, step, metric_values, at)
        VALUES (@TrialId, @SweepId, @Attempt, @Step, @Values, @At)
        ON CONFLICT (trial_id, attempt, step) DO NOTHING
        """, [("TrialId", S), ("SweepId", S), ("Attempt", L), ("Step", L), ("Values", S), ("At", L)]);

    /// <summary>Append of one journal event.</summary>
    public static readonly SqlStatement InsertEvent = new(
        "INSERT INTO events (sweep_id, at, type, payload) VALUES (@SweepId, @At, @Type, @Payload)",
        [("SweepId", S), ("At", L), ("Type", S), ("Payload", S)]);

    private const DbType S = DbType.String;
    private const DbType L = DbType.Int64;
    private const DbType D = DbType.Double;

    /// <summary>
    /// Of a batch, the last applied sweep row per sweep: earlier ones are overwritten in the same transaction anyway, and a
    /// sweep row carries the whole plan, so writing each would cost the size of the plan per completion.
    /// </summary>
    /// <remarks>
    /// Journal events after a sweep's creation carry its row without the definition (it never changes); when the creation is
    /// in the same batch, the last row keeps the definition from it.
    /// </remarks>
    public static IEnumerable<SweepRecord> LastSweeps(IReadOnlyList<StateChange> changes, IReadOnlyList<bool> applied) =>
        changes.Where((c, i) => applied[i] && c.Sweep is not null).GroupBy(c => c.Sweep!.Id).Select(g =>
            g.Last().Sweep! is { Definition.Length: 0 } last && g.LastOrDefault(c => c.Sweep!.Definition.Length > 0)?.Sweep is { } full
                ? last with { Definition = full.Definition }
                : g.Last().Sweep!);

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    /// <summary>Nullable <see cref="Ms(DateTimeOffset)"/>.</summary>
    public static long? Ms(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds();

    /// <summary>Back from milliseconds.</summary>
    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>Nullable <see cref="At(long)"/>.</summary>
    public static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    /// <summary>A <c>sweeps</c> row.</summary>
    internal sealed class SweepRow
    {
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        public string Status { get; set; } = "";

        public string Definition { get; set; } = "";

        public string SearchState { get; set; } = "";

        public long CreatedAt { get; set; }

        public long? FinishedAt { get; set; }

        public SweepRecord ToRecord() => new()
        {
            Id = Id, Name = Name, Status = Enum.Parse<SweepStatus>(Status), Definition = Definition, SearchState = SearchState,
            CreatedAt = At(CreatedAt), FinishedAt = At(FinishedAt),
        };
    }

    /// <summary>A <c>trials</c> row.</summary>
    internal sealed class TrialRow
    {
        public string Id { get; set; } = "";

        public string SweepId { get; set; } = "";

        public long Idx { get; set; }

        public string TrialKey { get; set; } = "";

        public string Parameters { get; set; } = "";

        public string Status { get; set; } = "";

        public long Attempt { get; set; }

        public long Failures { get; set; }

        public string? LeaseOwner { get; set; }

        public long? LeaseExpiry { get; set; }

        public long FencingToken { get; set; }

        public double? BestValue { get; set; }

        public long? BestStep { get; set; }

        public double? BestEpoch { get; set; }

        public string? CheckpointPath { get; set; }

        public string? Error { get; set; }

        public long CreatedAt { get; set; }

        public long? StartedAt { get; set; }

        public long? FinishedAt { get; set; }

        public TrialRecord ToRecord() => new()
        {
            Id = Id, SweepId = SweepId, Index = (int)Idx, Key = TrialKey, Parameters = Parameters,
            Status = Enum.Parse<TrialStatus>(Status), Attempt = (int)Attempt, Failures = (int)Failures, LeaseOwner = LeaseOwner,
            LeaseExpiry = At(LeaseExpiry), FencingToken = FencingToken, BestValue = BestValue, BestStep = BestStep,
            BestEpoch = BestEpoch, CheckpointPath = CheckpointPath, Error = Error, CreatedAt = At(CreatedAt),
            StartedAt = At(StartedAt), FinishedAt = At(FinishedAt),
        };
    }

    /// <summary>A <c>metrics</c> row.</summary>
    internal sealed class MetricRow
    {
        public string TrialId { get; set; } = "";

        public string SweepId { get; set; } = "";

        public long Attempt { get; set; }

        public long Step { get; set; }

        public string MetricValues { get; set; } = "";

        public long At { get; set; }

        public MetricRecord ToRecord() => new(TrialId, SweepId, (int)Attempt, Step, MetricValues, StoreRows.At(At));
    }

    /// <summary>An <c>events</c> row.</summary>
    internal sealed class EventRow
    {
        public long Seq { get; set; }

        public string SweepId { get; set; } = "";

        public long At { get; set; }

        public string Type { get; set; } = "";

        public string Payload { get; set; } = "";

        public JournalEntry ToRecord() => new(Seq, SweepId, StoreRows.At(At), Type, Payload);
    }
}
