using Dapper;
using Microsoft.Data.Sqlite;
using static SweepCluster.Coordinator.Storage.StoreRows;

namespace SweepCluster.Coordinator.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode, one connection, one writer at a time. synchronous=FULL: every commit
/// is fsynced to the WAL before it returns, so an acknowledged result survives a process kill, an OS crash and a power
/// loss (NORMAL would skip that fsync; group commit makes the fsync one per batch, not per request).
/// </summary>
internal sealed class SqliteSweepStore(string path) : ISweepStore
{
    private const int SchemaVersion = 2;

    private static readonly string[] Schema =
    [
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS sweeps (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
            definition TEXT NOT NULL, search_state TEXT NOT NULL, created_at INTEGER NOT NULL, finished_at INTEGER)
        """,
        """
        CREATE TABLE IF NOT EXISTS trials (id TEXT PRIMARY KEY, sweep_id TEXT NOT NULL, idx INTEGER NOT NULL,
            trial_key TEXT NOT NULL, parameters TEXT NOT NULL, status TEXT NOT NULL, attempt INTEGER NOT NULL,
            failures INTEGER NOT NULL, lease_owner TEXT, lease_expiry INTEGER, fencing_token INTEGER NOT NULL,
            best_value REAL, best_step INTEGER, best_epoch REAL, checkpoint_path TEXT, error TEXT,
            created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER, UNIQUE (sweep_id, trial_key))
        """,
        """
        CREATE TABLE IF NOT EXISTS metrics (seq INTEGER PRIMARY KEY AUTOINCREMENT, trial_id TEXT NOT NULL,
            sweep_id TEXT NOT NULL, attempt INTEGER NOT NULL, step INTEGER NOT NULL, metric_values TEXT NOT NULL,
            at INTEGER NOT NULL, UNIQUE (trial_id, attempt, step))
        """,
        "CREATE INDEX IF NOT EXISTS metrics_sweep ON metrics (sweep_id, seq)",
        """
        CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, sweep_id TEXT NOT NULL,
            at INTEGER NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS events_sweep ON events (sweep_id, seq)",
        "CREATE TABLE IF NOT EXISTS projection_offset (name TEXT PRIMARY KEY, ordering INTEGER NOT NULL)",
    ];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly StoredSweeps _stored = new();
    private SqliteConnection? _db;
    private SqlitePrepared? _prepared;

    private SqliteConnection Db => _db ?? throw new InvalidOperationException("store not initialised");

    private SqlitePrepared Prepared => _prepared ?? throw new InvalidOperationException("store not initialised");

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        if (File.Exists(path) && new FileInfo(path).Length == 0)
        {
            // SQLite would take an empty file for a new database, and the sweep would silently start over
            throw new InvalidOperationException($"{path} is an empty file (0 bytes), not a SweepCluster store; delete it or point cluster.storage elsewhere");
        }

        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await _db.OpenAsync(ct);
        try
        {
            await _db.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;");
        }
        catch (SqliteException e)
        {
            throw new InvalidOperationException($"{path} is not a SQLite database ({e.Message.TrimEnd('.')}); point cluster.storage at a SweepCluster store or a new file");
        }

        var tables = (await _db.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        if (tables.Count > 0 && !tables.Contains("schema_version"))
        {
            throw new InvalidOperationException($"{path} is a SQLite database of something else (tables: {string.Join(", ", tables.Order().Take(5))}), not a SweepCluster store");
        }

        using var tx = _db.BeginTransaction();
        var version = tables.Contains("schema_version")
            ? await _db.ExecuteScalarAsync<long?>("SELECT MAX(version) FROM schema_version", transaction: tx)
            : null;
        if (version < SchemaVersion)
        {
            throw new InvalidOperationException(StoreVersions.Refusal(path, version.Value));
        }

        if (version > SchemaVersion)
        {
            throw new InvalidOperationException($"{path}: schema version {version} is newer than this program's {SchemaVersion}");
        }

        foreach (var ddl in Schema)
        {
            await _db.ExecuteAsync(ddl, transaction: tx);
        }

        if (version is null)
        {
            await _db.ExecuteAsync("INSERT INTO schema_version (version) VALUES (@SchemaVersion)", new { SchemaVersion }, tx);
        }

        tx.Commit();
        _prepared = new SqlitePrepared(_db);
    }

    /// <inheritdoc/>
    public async Task<bool> ApplyAsync(StateChange change, CancellationToken ct) => (await ApplyAllAsync([change], ct))[0];

    /// <inheritdoc/>
    /// <remarks>Prepared statements (compiled once per connection); a stored sweep's row gets only its changing columns.</remarks>
    public Task<IReadOnlyList<bool>> ApplyAllAsync(IReadOnlyList<StateChange> changes, CancellationToken ct) => ApplyAllAsync(changes, null, ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<bool>> ProjectAsync(IReadOnlyList<StateChange> changes, long offset, CancellationToken ct) => ApplyAllAsync(changes, offset, ct);

    /// <inheritdoc/>
    public Task<long> GetProjectionOffsetAsync(CancellationToken ct) =>
        Read(db => db.ExecuteScalarAsync<long>("SELECT COALESCE(MAX(ordering), 0) FROM projection_offset WHERE name = 'read-model'"), ct);

    private async Task<IReadOnlyList<bool>> ApplyAllAsync(IReadOnlyList<StateChange> changes, long? offset, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            using var tx = Db.BeginTransaction();
            var applied = new bool[changes.Count];
            for (var i = 0; i < changes.Count; i++)
            {
                applied[i] = ApplyOne(changes[i], tx);
            }

            var sweeps = LastSweeps(changes, applied).ToList();
            foreach (var sweep in sweeps)
            {
                if (!_stored.Has(sweep) || Prepared.Execute(UpdateSweep, StoreValues.SweepState(sweep), tx) == 0)
                {
                    Prepared.Execute(UpsertSweep, StoreValues.Sweep(sweep), tx);
                }
            }

            if (offset is { } ordering)
            {
                Db.Execute("INSERT INTO projection_offset (name, ordering) VALUES ('read-model', @ordering) ON CONFLICT (name) DO UPDATE SET ordering = MAX(ordering, excluded.ordering)", new { ordering }, tx);
            }

            try
            {
                tx.Commit();
            }
            catch
            {
                sweeps.ForEach(s => _stored.Remove(s.Id));
                throw;
            }

            _stored.Add(sweeps);
            return applied;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One change inside <paramref name="tx"/>: its metric first (false, nothing else written, when a duplicate), then its trial rows and event.</summary>
    private bool ApplyOne(StateChange change, SqliteTransaction tx)
    {
        var db = Prepared;
        if (change.Metric is { } metric && db.Execute(InsertMetric, StoreValues.Metric(metric), tx) == 0)
        {
            return false;
        }

        foreach (var trial in change.Trials)
        {
            db.Execute(UpsertTrial, StoreValues.Trial(trial), tx);
        }

        db.Execute(InsertEvent, StoreValues.Event(change), tx);
        return true;
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
        await _gate.WaitAsync(ct);
        try
        {
            using var tx = Db.BeginTransaction();
            await Db.ExecuteAsync("DELETE FROM metrics WHERE sweep_id = @sweepId", new { sweepId }, tx);
            await Db.ExecuteAsync("DELETE FROM trials WHERE sweep_id = @sweepId", new { sweepId }, tx);
            await Db.ExecuteAsync("DELETE FROM sweeps WHERE id = @sweepId", new { sweepId }, tx);
            _stored.Remove(sweepId);
            await Db.ExecuteAsync(InsertEvent.Sql, new { SweepId = sweepId, At = Ms(at), Type = "SweepDeleted", Payload = "{}" }, tx);
            tx.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _prepared?.Dispose();
        _prepared = null;
        if (_db is not null)
        {
            await _db.DisposeAsync();
            _db = null;
        }

        _gate.Dispose();
    }

    private async Task<T> Read<T>(Func<SqliteConnection, Task<T>> query, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await query(Db);
        }
        finally
        {
            _gate.Release();
        }
    }
}
