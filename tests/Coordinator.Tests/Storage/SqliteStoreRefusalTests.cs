using Microsoft.Data.Sqlite;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Storage;

/// <summary>A file that is not a SweepCluster store is refused with what it is (exit 2 through ConfigException), never taken for an empty store.</summary>
public sealed class SqliteStoreRefusalTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _tmp.Dispose();
    }

    private static async Task<string> RefusalAsync(string path) =>
        (await Assert.ThrowsAsync<ConfigException>(() => SweepStores.OpenAsync("sqlite:" + path, CancellationToken.None))).Message;

    [Fact]
    public async Task OpenAsync_ZeroByteFile_RefusedAndLeftEmpty()
    {
        var path = _tmp.File("empty.db");
        await File.WriteAllBytesAsync(path, []);
        Assert.Contains("empty file (0 bytes)", await RefusalAsync(path));
        Assert.Equal(0, new FileInfo(path).Length);
    }

    [Fact]
    public async Task OpenAsync_TextFile_RefusedAsNotSqlite()
    {
        var path = _tmp.File("notes.db");
        await File.WriteAllTextAsync(path, new string('x', 4096));
        Assert.Contains("is not a SQLite database", await RefusalAsync(path));
    }

    [Fact]
    public async Task OpenAsync_ForeignSqliteDatabase_RefusedNamingItsTables()
    {
        var path = _tmp.File("other.db");
        await using (var db = new SqliteConnection($"Data Source={path}"))
        {
            await db.OpenAsync();
            await using var cmd = new SqliteCommand("CREATE TABLE customers (id INTEGER)", db);
            await cmd.ExecuteNonQueryAsync();
        }

        Assert.Contains("tables: customers", await RefusalAsync(path));
    }
}
