using Microsoft.Data.Sqlite;

namespace SweepCluster.Coordinator.Storage;

/// <summary>
/// The write statements of one SQLite connection, each compiled once: an execution binds the values and runs the
/// prepared statement again instead of parsing its SQL per row.
/// </summary>
internal sealed class SqlitePrepared(SqliteConnection db) : IDisposable
{
    // keyed by identity: the statements are static instances, and a record key would hash the whole SQL text per execution
    private readonly Dictionary<SqlStatement, SqliteCommand> _commands = new(ReferenceEqualityComparer.Instance);

    /// <summary>Runs <paramref name="statement"/> with <paramref name="values"/> inside <paramref name="tx"/>; the rows changed.</summary>
    public int Execute(SqlStatement statement, object?[] values, SqliteTransaction tx)
    {
        if (!_commands.TryGetValue(statement, out var command))
        {
            command = db.CreateCommand();
            command.CommandText = statement.Sql;
            foreach (var (name, type) in statement.Parameters)
            {
                command.Parameters.Add(new SqliteParameter("@" + name, SqliteType(type)));
            }

            command.Transaction = tx;
            command.Prepare();
            _commands[statement] = command;
        }

        command.Transaction = tx;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }

    private static SqliteType SqliteType(System.Data.DbType type) => type switch
    {
        System.Data.DbType.Int64 => Microsoft.Data.Sqlite.SqliteType.Integer,
        System.Data.DbType.Double => Microsoft.Data.Sqlite.SqliteType.Real,
        _ => Microsoft.Data.Sqlite.SqliteType.Text,
    };
}
