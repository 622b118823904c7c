using Npgsql;
using SweepCluster.Coordinator.Storage.Postgres;

namespace SweepCluster.Coordinator.Tests.Storage.Postgres;

/// <summary>The PostgreSQL server named by <c>SWEEP_TEST_POSTGRES</c> (scripts/ci/postgres-start.sh); each test gets its own schema.</summary>
internal static class PostgresTestDatabase
{
    public const string Variable = "SWEEP_TEST_POSTGRES";

    public const string SkipReason = "PostgreSQL not available: set SWEEP_TEST_POSTGRES (eval \"$(scripts/ci/postgres-start.sh)\")";

    /// <summary>The <c>postgres://</c> URL, or null when unset.</summary>
    public static string? Url => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } v ? v : null;

    /// <summary>Creates a fresh schema and returns a connection string whose search path is that schema.</summary>
    public static async Task<string> CreateSchemaAsync()
    {
        var baseConnection = PostgresConnection.ToConnectionString(Url ?? throw new InvalidOperationException(SkipReason));
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var db = new NpgsqlConnection(baseConnection))
        {
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE SCHEMA {schema}", db);
            await cmd.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(baseConnection) { SearchPath = schema, Pooling = true, MaxPoolSize = 20 }.ConnectionString;
    }
}

/// <summary>A fact skipped, with the reason, when PostgreSQL is not configured.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresTestDatabase.Url is null)
        {
            Skip = PostgresTestDatabase.SkipReason;
        }
    }
}

/// <summary>A theory skipped, with the reason, when PostgreSQL is not configured.</summary>
internal sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresTestDatabase.Url is null)
        {
            Skip = PostgresTestDatabase.SkipReason;
        }
    }
}
