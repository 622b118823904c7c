using Npgsql;
using NpgsqlTypes;
using static SweepCluster.Coordinator.Storage.StoreRows;

namespace SweepCluster.Coordinator.Storage.Postgres;

/// <summary>Turns the shared statements (<see cref="StoreRows"/>) and their values (<see cref="StoreValues"/>) into commands of one <see cref="NpgsqlBatch"/>.</summary>
internal static class PgBatch
{
    /// <summary><see cref="StoreRows.UpdateSweep"/> that fails (division by zero) when it finds no row, so a one-round-trip batch rolls back.</summary>
    private static readonly SqlStatement UpdateSweepOrFail = UpdateSweep with { Sql = $"WITH u AS ({UpdateSweep.Sql} RETURNING 1) SELECT 1 / count(*) FROM u" };

    /// <summary>One command: <paramref name="statement"/> with typed parameters (a null keeps its column type, so auto-prepared statements are reused).</summary>
    public static NpgsqlBatchCommand Command(SqlStatement statement, object?[] values)
    {
        var command = new NpgsqlBatchCommand(statement.Sql);
        for (var i = 0; i < values.Length; i++)
        {
            var (name, type) = statement.Parameters[i];
            command.Parameters.Add(new NpgsqlParameter(name, PgType(type)) { Value = values[i] ?? DBNull.Value });
        }

        return command;
    }

    /// <summary>The trial rows and journal event of <paramref name="change"/> (not its metric nor its sweep row: see <see cref="LastSweeps"/>).</summary>
    public static void AddRows(NpgsqlBatch batch, StateChange change)
    {
        foreach (var trial in change.Trials)
        {
            batch.BatchCommands.Add(Command(UpsertTrial, StoreValues.Trial(trial)));
        }

        batch.BatchCommands.Add(Command(InsertEvent, StoreValues.Event(change)));
    }

    /// <summary>
    /// The sweep rows of a batch: an update of the changing columns of a sweep <paramref name="stored"/> holds, else the
    /// whole row; the indices of the updates (a 0-row update means the row was gone: write it whole, see <see cref="StoredSweeps"/>).
    /// <paramref name="strict"/>: an update that finds no row fails instead.
    /// </summary>
    public static List<(int Command, SweepRecord Sweep)> AddSweeps(NpgsqlBatch batch, IEnumerable<SweepRecord> sweeps, StoredSweeps stored, bool strict)
    {
        var updates = new List<(int, SweepRecord)>();
        foreach (var sweep in sweeps)
        {
            if (stored.Has(sweep))
            {
                updates.Add((batch.BatchCommands.Count, sweep));
                batch.BatchCommands.Add(Command(strict ? UpdateSweepOrFail : UpdateSweep, StoreValues.SweepState(sweep)));
            }
            else
            {
                batch.BatchCommands.Add(Command(UpsertSweep, StoreValues.Sweep(sweep)));
            }
        }

        return updates;
    }

    /// <summary>The PostgreSQL type of a shared statement parameter.</summary>
    public static NpgsqlDbType PgType(System.Data.DbType type) => type switch
    {
        System.Data.DbType.Int64 => NpgsqlDbType.Bigint,
        System.Data.DbType.Double => NpgsqlDbType.Double,
        _ => NpgsqlDbType.Text,
    };
}
