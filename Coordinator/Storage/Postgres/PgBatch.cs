using System.Collections.Concurrent;
using System.Reflection;
using Npgsql;
using static SweepCluster.Coordinator.Storage.StoreRows;

namespace SweepCluster.Coordinator.Storage.Postgres;

/// <summary>Turns the shared SQL and its parameter objects (<see cref="StoreRows"/>) into commands of one <see cref="NpgsqlBatch"/>.</summary>
internal static class PgBatch
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>One command: <paramref name="sql"/> with <c>@Name</c> parameters taken from the properties of <paramref name="parameters"/>.</summary>
    public static NpgsqlBatchCommand Command(string sql, object parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var p in Properties.GetOrAdd(parameters.GetType(), t => t.GetProperties()))
        {
            command.Parameters.AddWithValue(p.Name, p.GetValue(parameters) ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>The trial rows and journal event of <paramref name="change"/> (not its metric nor its sweep row: see <see cref="LastSweeps"/>).</summary>
    public static void AddRows(NpgsqlBatch batch, StateChange change)
    {
        foreach (var trial in change.Trials)
        {
            batch.BatchCommands.Add(Command(UpsertTrial, ToParams(trial)));
        }

        batch.BatchCommands.Add(Command(InsertEvent, EventParams(change)));
    }
}
