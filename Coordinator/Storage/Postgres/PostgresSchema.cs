namespace SweepCluster.Coordinator.Storage.Postgres;

/// <summary>The PostgreSQL schema as numbered migrations; a database at version v gets every migration above v at start.</summary>
internal static class PostgresSchema
{
    /// <summary>The newest schema version this program writes.</summary>
    public static int Version => Migrations[^1].Version;

    /// <summary>Migrations in order; never edit a published one, append a new version.</summary>
    public static readonly IReadOnlyList<(int Version, string[] Statements)> Migrations =
    [
        (1,
        [
            """
            CREATE TABLE IF NOT EXISTS sweeps (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, status TEXT NOT NULL,
                definition TEXT NOT NULL, search_state TEXT NOT NULL, created_at BIGINT NOT NULL, finished_at BIGINT)
            """,
            """
            CREATE TABLE IF NOT EXISTS trials (id TEXT PRIMARY KEY, sweep_id TEXT NOT NULL, idx BIGINT NOT NULL,
                trial_key TEXT NOT NULL, parameters TEXT NOT NULL, status TEXT NOT NULL, attempt BIGINT NOT NULL,
                failures BIGINT NOT NULL, lease_owner TEXT, lease_expiry BIGINT, fencing_token BIGINT NOT NULL,
                best_value DOUBLE PRECISION, best_step BIGINT, best_epoch DOUBLE PRECISION, checkpoint_path TEXT, error TEXT,
                created_at BIGINT NOT NULL, started_at BIGINT, finished_at BIGINT, UNIQUE (sweep_id, trial_key))
            """,
            "CREATE INDEX IF NOT EXISTS trials_sweep ON trials (sweep_id, idx)",
            """
            CREATE TABLE IF NOT EXISTS metrics (seq BIGSERIAL PRIMARY KEY, trial_id TEXT NOT NULL, sweep_id TEXT NOT NULL,
                attempt BIGINT NOT NULL, step BIGINT NOT NULL, metric_values TEXT NOT NULL, at BIGINT NOT NULL,
                UNIQUE (trial_id, attempt, step))
            """,
            "CREATE INDEX IF NOT EXISTS metrics_sweep ON metrics (sweep_id, seq)",
            """
            CREATE TABLE IF NOT EXISTS events (seq BIGSERIAL PRIMARY KEY, sweep_id TEXT NOT NULL, at BIGINT NOT NULL,
                type TEXT NOT NULL, payload TEXT NOT NULL)
            """,
            "CREATE INDEX IF NOT EXISTS events_sweep ON events (sweep_id, seq)",
        ]),
        (2,
        [
            "CREATE TABLE IF NOT EXISTS projection_offset (name TEXT PRIMARY KEY, ordering BIGINT NOT NULL)",
        ]),
    ];
}
