using Dapper;
using Npgsql;
using static SweepCluster.Coordinator.Storage.StoreRows;

namespace SweepCluster.Coordinator.Storage.Postgres;

/// <summary>
/// The <see cref="ISweepStore"/> on PostgreSQL (Npgsql + Dapper): the same tables and SQL as the SQLite store, one
/// transaction per batch of changes, a pooled data source so reads run beside writes; the schema is created and migrated at start
/// under an advisory lock, with its version in <c>schema_version</c>.
/// </summary>
internal sealed class PostgresSweepStore(string connectionString) : ISweepStore
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(AutoPrepared(connectionString));
    private readonly StoredSweeps _stored = new();

    /// <summary>
    /// The connection string with automatic preparation of the hot statements (unless it sets its own) and without the
    /// reset of a pooled connection: this store sets no session state (its advisory lock is per transaction), and the
    /// reset (seven statements, sent with the first command after every open) would otherwise ride on every commit.
    /// </summary>
    private static string AutoPrepared(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (b.MaxAutoPrepare == 0)
        {
            b.MaxAutoPrepare = 16;
        }

        b.NoResetOnClose = true;
        return b.ConnectionString;
    }

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken ct)
    {
        await using var db = await _source.OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        await db.ExecuteAsync("SELECT pg_advisory_xact_lock(7242019)", transaction: tx);
        await db.ExecuteAsync("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", transaction: tx);
        var version = await db.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version", transaction: tx) ?? 0;
        if (version > PostgresSchema.Version)
        {
            throw new InvalidOperationException($"PostgreSQL schema version {version} is newer than this program's {PostgresSchema.Version}");
        }

        if (version is > 0 and < 2)
        {
            throw new InvalidOperationException(StoreVersions.Refusal("the PostgreSQL database", version));
        }

        foreach (var (target, statements) in PostgresSchema.Migrations.Where(m => m.Version > version))
        {
            foreach (var sql in statements)
            {
                await db.ExecuteAsync(sql, transaction: tx);
            }

            await db.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@target)", new { target }, tx);
        }

        await tx.CommitAsync(ct);
    }

    /// <inheritdoc/>
    public async Task<bool> ApplyAsync(StateChange change, CancellationToken ct) => (await ApplyAllAsync([change], ct))[0];

    /// <inheritdoc/>
    /// <remarks>
    /// Usually ONE round trip: the batch's metrics, trial rows and events as three multi-row statements (<see cref="PgBulk"/>)
    /// and its sweep rows, in one <see cref="NpgsqlBatch"/> without an explicit transaction. PostgreSQL runs the statements
    /// before the batch's single Sync as one implicit transaction and commits it before it answers, so the answer is the
    /// commit. A duplicate metric (rare: the actor drops those it has seen) fails the metrics insert, a sweep row deleted
    /// behind this store's back fails its update; either rolls the whole batch back, and it is written again in two steps
    /// (<see cref="ApplyCheckedAsync"/>).
    /// </remarks>
    public Task<IReadOnlyList<bool>> ApplyAllAsync(IReadOnlyList<StateChange> changes, CancellationToken ct) => ApplyAllAsync(changes, null, ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<bool>> ProjectAsync(IReadOnlyList<StateChange> changes, long offset, CancellationToken ct) => ApplyAllAsync(changes, offset, ct);

    /// <inheritdoc/>
    public async Task<long> GetProjectionOffsetAsync(CancellationToken ct)
    {
        await using var db = await _source.OpenConnectionAsync(ct);
        return await db.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(ordering), 0) FROM projection_offset WHERE name = 'read-model'");
    }

    private static NpgsqlBatchCommand OffsetCommand(long ordering)
    {
        var c = new NpgsqlBatchCommand("INSERT INTO projection_offset (name, ordering) VALUES ('read-model', $1) ON CONFLICT (name) DO UPDATE SET ordering = GREATEST(projection_offset.ordering, excluded.ordering)");
        c.Parameters.Add(new NpgsqlParameter { Value = ordering });
        return c;
    }

    private async Task<IReadOnlyList<bool>> ApplyAllAsync(IReadOnlyList<StateChange> changes, long? offset, CancellationToken ct)
    {
        await using var db = await _source.OpenConnectionAsync(ct);
        var applied = new bool[changes.Count];
        Array.Fill(applied, true);
        var sweeps = LastSweeps(changes, applied).ToList();
        try
        {
            await using (var batch = new NpgsqlBatch(db))
            {
                PgBulk.Add(batch, changes);
                PgBatch.AddSweeps(batch, sweeps, _stored, strict: true);
                if (offset is { } ordering)
                {
                    batch.BatchCommands.Add(OffsetCommand(ordering));
                }

                try
                {
                    await batch.ExecuteNonQueryAsync(ct);
                    _stored.Add(sweeps);
                    return applied;
                }
                catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DivisionByZero)
                {
                    // rolled back: a duplicate metric or a missing sweep row
                }
            }

            return await ApplyCheckedAsync(db, changes, offset, ct);
        }
        catch
        {
            sweeps.ForEach(s => _stored.Remove(s.Id));
            throw;
        }
    }

    /// <summary>
    /// A batch the one-round-trip path refused (a duplicate metric or a missing sweep row), in an explicit transaction: the
    /// metric inserts first (duplicates skipped), then the rows of the changes whose metric was new, then the missing sweep rows whole.
    /// </summary>
    private async Task<IReadOnlyList<bool>> ApplyCheckedAsync(NpgsqlConnection db, IReadOnlyList<StateChange> changes, long? offset, CancellationToken ct)
    {
        await using var tx = await db.BeginTransactionAsync(ct);
        var applied = new bool[changes.Count];
        Array.Fill(applied, true);
        var withMetric = Enumerable.Range(0, changes.Count).Where(i => changes[i].Metric is not null).ToList();
        await using (var metrics = new NpgsqlBatch(db, tx))
        {
            foreach (var i in withMetric)
            {
                metrics.BatchCommands.Add(PgBatch.Command(InsertMetric, StoreValues.Metric(changes[i].Metric!)));
            }

            await metrics.ExecuteNonQueryAsync(ct);
            for (var k = 0; k < withMetric.Count; k++)
            {
                applied[withMetric[k]] = metrics.BatchCommands[k].RecordsAffected > 0;
            }
        }

        await using var rows = new NpgsqlBatch(db, tx);
        for (var i = 0; i < changes.Count; i++)
        {
            if (applied[i])
            {
                PgBatch.AddRows(rows, changes[i]);
            }
        }

        var sweeps = LastSweeps(changes, applied).ToList();
        var updates = PgBatch.AddSweeps(rows, sweeps, _stored, strict: false);
        if (offset is { } ordering)
        {
            rows.BatchCommands.Add(OffsetCommand(ordering));
        }
        if (rows.BatchCommands.Count > 0)
        {
            await rows.ExecuteNonQueryAsync(ct);
        }

        await RewriteMissingAsync(db, tx, rows, updates, ct);
        await tx.CommitAsync(ct);
        _stored.Add(sweeps);
        return applied;
    }

    /// <summary>Writes whole the sweep rows whose update found no row (deleted behind this store's back).</summary>
    private static async Task RewriteMissingAsync(NpgsqlConnection db, NpgsqlTransaction tx, NpgsqlBatch done, List<(int Command, SweepRecord Sweep)> updates, CancellationToken ct)
    {
        var missing = updates.Where(u => done.BatchCommands[u.Command].RecordsAffected == 0).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(db, tx);
        foreach (var (_, sweep) in missing)
        {
            batch.BatchCommands.Add(PgBatch.Command(UpsertSweep, StoreValues.Sweep(sweep)));
        }

        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc/>
    public Task<SweepRecord?> FindSweepByNameAsync(string name, CancellationToken ct) =>
        Read(async db => (await db.QuerySingleOrDefaultAsync<SweepRow>($"SELECT {SweepColumns} FROM sweeps WHERE name = @name", new { name }))?.ToRecord(), ct);

    /// <inheritdoc/>
    public Task<SweepRecord?> GetSweepAsync(string sweepId, CancellationToken ct) =>
        Read(async db => (await db.QuerySingleOrDefaultAsync<SweepRow>($"SELECT {SweepColumns} FROM sweeps WHERE id = @sweepId", new { sweepId }))?.ToRecord(), ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<SweepRecord>> ListSweepsAsync(CancellationToken ct) =>
        Read<IReadOnlyList<SweepRecord>>(async db => [.. (await db.QueryAsync<SweepRow>($"SELECT {SweepColumns} FROM sweeps ORDER BY created_at, id")).Select(r => r.ToRecord())], ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<TrialRecord>> GetTrialsAsync(string sweepId, CancellationToken ct) =>
        Read<IReadOnlyList<TrialRecord>>(async db => [.. (await db.QueryAsync<TrialRow>($"SELECT {TrialColumns} FROM trials WHERE sweep_id = @sweepId ORDER BY idx", new { sweepId })).Select(r => r.ToRecord())], ct);

    /// <inheritdoc/>
    public Task<TrialRecord?> GetTrialAsync(string trialId, CancellationToken ct) =>
        Read(async db => (await db.QuerySingleOrDefaultAsync<TrialRow>($"SELECT {TrialColumns} FROM trials WHERE id = @trialId", new { trialId }))?.ToRecord(), ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<MetricRecord>> GetMetricsAsync(string sweepId, CancellationToken ct) =>
        Read<IReadOnlyList<MetricRecord>>(async db => [.. (await db.QueryAsync<MetricRow>("SELECT trial_id AS TrialId, sweep_id AS SweepId, attempt AS Attempt, step AS Step, metric_values AS MetricValues, at AS At FROM metrics WHERE sweep_id = @sweepId ORDER BY seq", new { sweepId })).Select(r => r.ToRecord())], ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string sweepId, long afterSequence, CancellationToken ct) =>
        Read<IReadOnlyList<JournalEntry>>(async db => [.. (await db.QueryAsync<EventRow>("SELECT seq AS Seq, sweep_id AS SweepId, at AS At, type AS Type, payload AS Payload FROM events WHERE sweep_id = @sweepId AND seq > @afterSequence ORDER BY seq", new { sweepId, afterSequence })).Select(r => r.ToRecord())], ct);

    /// <inheritdoc/>
    public async Task DeleteSweepAsync(string sweepId, DateTimeOffset at, CancellationToken ct)
    {
        _stored.Remove(sweepId);
        await using var db = await _source.OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        await db.ExecuteAsync("DELETE FROM metrics WHERE sweep_id = @sweepId", new { sweepId }, tx);
        await db.ExecuteAsync("DELETE FROM trials WHERE sweep_id = @sweepId", new { sweepId }, tx);
        await db.ExecuteAsync("DELETE FROM sweeps WHERE id = @sweepId", new { sweepId }, tx);
        await db.ExecuteAsync(InsertEvent.Sql, new { SweepId = sweepId, At = Ms(at), Type = "SweepDeleted", Payload = "{}" }, tx);
        await tx.CommitAsync(ct);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private async Task<T> Read<T>(Func<NpgsqlConnection, Task<T>> query, CancellationToken ct)
    {
        await using var db = await _source.OpenConnectionAsync(ct);
        return await query(db);
    }
}
