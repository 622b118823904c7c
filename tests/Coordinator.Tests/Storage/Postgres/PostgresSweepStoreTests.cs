using System.Reflection;
using Npgsql;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Storage.Postgres;

namespace SweepCluster.Coordinator.Tests.Storage.Postgres;

/// <summary>
/// Runs every test of the <see cref="SweepStoreContract"/> against <see cref="PostgresSweepStore"/>, one theory case per
/// contract test (a theory so the whole suite is skipped with a reason when PostgreSQL is not configured).
/// </summary>
public sealed class PostgresSweepStoreTests
{
    public static TheoryData<string> ContractTests()
    {
        var data = new TheoryData<string>();
        foreach (var m in typeof(SweepStoreContract).GetMethods(BindingFlags.Public | BindingFlags.Instance)
                     .Where(m => m.GetCustomAttributes<FactAttribute>().Any()).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            data.Add(m.Name);
        }

        return data;
    }

    [PostgresTheory]
    [MemberData(nameof(ContractTests))]
    public async Task Contract_OnPostgres_Passes(string test)
    {
        var suite = new Contract(await PostgresTestDatabase.CreateSchemaAsync());
        await suite.InitializeAsync();
        try
        {
            var method = typeof(SweepStoreContract).GetMethod(test)!;
            await (Task)method.Invoke(suite, null)!;
        }
        finally
        {
            await suite.DisposeAsync();
        }
    }

    [Fact]
    public void ContractTests_Discovered_CoverTheSuite()
    {
        Assert.True(ContractTests().Count >= 7, "the contract suite should have been found by reflection");
    }

    [PostgresFact]
    public async Task InitializeAsync_Twice_KeepsOneSchemaVersionRow()
    {
        var cs = await PostgresTestDatabase.CreateSchemaAsync();
        await using (var a = new PostgresSweepStore(cs))
        {
            await a.InitializeAsync(CancellationToken.None);
        }

        await using (var b = new PostgresSweepStore(cs))
        {
            await b.InitializeAsync(CancellationToken.None);
        }

        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT COUNT(*), MAX(version) FROM schema_version", db);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(PostgresSchema.Migrations.Count, r.GetInt64(0)); // one row per migration applied, none twice
        Assert.Equal(PostgresSchema.Version, r.GetInt32(1));
    }

    [PostgresFact]
    public async Task InitializeAsync_NewerSchemaVersion_Throws()
    {
        var cs = await PostgresTestDatabase.CreateSchemaAsync();
        await using (var db = new NpgsqlConnection(cs))
        {
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (999)", db);
            await cmd.ExecuteNonQueryAsync();
        }

        await using var store = new PostgresSweepStore(cs);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(CancellationToken.None));
        Assert.Contains("999", e.Message, StringComparison.Ordinal);
    }

    private sealed class Contract(string connectionString) : SweepStoreContract
    {
        private protected override ISweepStore OpenFresh() => new PostgresSweepStore(connectionString);

        private protected override ISweepStore Reopen() => new PostgresSweepStore(connectionString);
    }
}
