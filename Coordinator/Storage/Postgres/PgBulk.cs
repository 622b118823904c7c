using Npgsql;
using NpgsqlTypes;

namespace SweepCluster.Coordinator.Storage.Postgres;

/// <summary>
/// A whole group commit as three multi-row statements (<c>unnest</c> of one array per column): every metric, the last row
/// of each trial, every event, in the order of the changes. The server plans three statements instead of ≈ 3 per change.
/// </summary>
internal static class PgBulk
{
    private const string Metrics = """
        INSERT INTO metrics (trial_id, sweep_id, attempt, step, metric_values, at)
        SELECT m.t, m.s, m.a, m.st, m.v, m.at
        FROM unnest(@t::text[], @s::text[], @a::bigint[], @st::bigint[], @v::text[], @at::bigint[]) WITH ORDINALITY AS m(t, s, a, st, v, at, o)
        ORDER BY m.o
        """;

    private const string Events = """
        INSERT INTO events (sweep_id, at, type, payload)
        SELECT e.s, e.at, e.ty, e.p
        FROM unnest(@s::text[], @at::bigint[], @ty::text[], @p::text[]) WITH ORDINALITY AS e(s, at, ty, p, o)
        ORDER BY e.o
        """;

    private static readonly string Trials = """
        INSERT INTO trials (id, sweep_id, idx, trial_key, parameters, status, attempt, failures, lease_owner, lease_expiry,
            fencing_token, best_value, best_step, best_epoch, checkpoint_path, error, created_at, started_at, finished_at)
        SELECT * FROM unnest(@c0::text[], @c1::text[], @c2::bigint[], @c3::text[], @c4::text[], @c5::text[], @c6::bigint[],
            @c7::bigint[], @c8::text[], @c9::bigint[], @c10::bigint[], @c11::double precision[], @c12::bigint[],
            @c13::double precision[], @c14::text[], @c15::text[], @c16::bigint[], @c17::bigint[], @c18::bigint[])
        """ + StoreRows.UpsertTrial.Sql[StoreRows.UpsertTrial.Sql.IndexOf("ON CONFLICT", StringComparison.Ordinal)..];

    /// <summary>
    /// Adds the statements for <paramref name="changes"/>. The metrics insert has no <c>ON CONFLICT</c>: a duplicate
    /// metric fails it (unique violation), which rolls the whole batch back (see <see cref="PostgresSweepStore.ApplyAllAsync"/>).
    /// </summary>
    public static void Add(NpgsqlBatch batch, IReadOnlyList<StateChange> changes)
    {
        var metrics = changes.Where(c => c.Metric is not null).Select(c => c.Metric!).ToList();
        if (metrics.Count > 0)
        {
            batch.BatchCommands.Add(Command(Metrics,
                ("t", NpgsqlDbType.Text, metrics.Select(m => m.TrialId).ToArray()),
                ("s", NpgsqlDbType.Text, metrics.Select(m => m.SweepId).ToArray()),
                ("a", NpgsqlDbType.Bigint, metrics.Select(m => (long)m.Attempt).ToArray()),
                ("st", NpgsqlDbType.Bigint, metrics.Select(m => m.Step).ToArray()),
                ("v", NpgsqlDbType.Text, metrics.Select(m => m.Values).ToArray()),
                ("at", NpgsqlDbType.Bigint, metrics.Select(m => StoreRows.Ms(m.At)).ToArray())));
        }

        var last = new Dictionary<string, TrialRecord>(StringComparer.Ordinal);
        foreach (var t in changes.SelectMany(c => c.Trials))
        {
            last[t.Id] = t;
        }

        if (last.Count > 0)
        {
            var rows = last.Values.Select(StoreValues.Trial).ToList();
            var columns = StoreRows.UpsertTrial.Parameters.Select((p, i) => ($"c{i}", PgBatch.PgType(p.Type), Column(rows, i, p.Type))).ToArray();
            batch.BatchCommands.Add(Command(Trials, columns));
        }

        batch.BatchCommands.Add(Command(Events,
            ("s", NpgsqlDbType.Text, changes.Select(c => c.SweepId).ToArray()),
            ("at", NpgsqlDbType.Bigint, changes.Select(c => StoreRows.Ms(c.At)).ToArray()),
            ("ty", NpgsqlDbType.Text, changes.Select(c => c.Type).ToArray()),
            ("p", NpgsqlDbType.Text, changes.Select(c => c.Payload).ToArray())));
    }

    /// <summary>Column <paramref name="i"/> of <paramref name="rows"/> as a typed array (nulls kept).</summary>
    private static Array Column(List<object?[]> rows, int i, System.Data.DbType type) => type switch
    {
        System.Data.DbType.Int64 => rows.Select(r => (long?)r[i]).ToArray(),
        System.Data.DbType.Double => rows.Select(r => (double?)r[i]).ToArray(),
        _ => rows.Select(r => (string?)r[i]).ToArray(),
    };

    private static NpgsqlBatchCommand Command(string sql, params (string Name, NpgsqlDbType Type, Array Values)[] columns)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, type, values) in columns)
        {
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values });
        }

        return command;
    }
}
