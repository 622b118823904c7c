using System.Data;

namespace SweepCluster.Coordinator.Storage;

/// <summary>
/// One SQL statement both stores run, with its <c>@Name</c> parameters and their types in the order the values of
/// <see cref="StoreValues"/> come; a store prepares it once and binds only values per execution.
/// </summary>
internal sealed record SqlStatement(string Sql, IReadOnlyList<(string Name, DbType Type)> Parameters);
