using SweepCluster.Coordinator.Storage;

namespace SweepCluster.Coordinator.Tests.Storage;

public sealed class SqliteSweepStoreTests : SweepStoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweepstore-").FullName;

    private string DbPath => Path.Combine(_dir, "sweeps.db");

    private protected override ISweepStore OpenFresh() => new SqliteSweepStore(DbPath);

    private protected override ISweepStore Reopen() => new SqliteSweepStore(DbPath);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp directory is harmless
        }
    }
}
