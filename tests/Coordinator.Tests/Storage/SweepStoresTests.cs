using SweepCluster.Coordinator.Storage;

namespace SweepCluster.Coordinator.Tests.Storage;

public sealed class SweepStoresTests
{
    [Theory]
    [InlineData("postgres://sweep:s3cret@db:5432/sweeps", "postgres://***@db:5432/sweeps")]
    [InlineData("postgres:Host=db;Username=sweep;Password=s3cret;Database=sweeps", "postgres:Host=db;Username=sweep;Password=***;Database=sweeps")]
    [InlineData("postgres:Host=db;pwd = s3cret", "postgres:Host=db;pwd=***")]
    [InlineData("sqlite:runs/sweeps.db", "sqlite:runs/sweeps.db")]
    public void Redact_StorageWithPassword_PasswordHidden(string storage, string shown) => Assert.Equal(shown, SweepStores.Redact(storage));

    [Fact]
    public void JournalFile_ReadModelFile_JournalBesideIt()
    {
        Assert.Equal(Path.GetFullPath(Path.Combine("runs", "sweeps.journal.db")), SweepStores.JournalFile(Path.Combine("runs", "sweeps.db")));
        Assert.Equal(Path.GetFullPath("store.journal.db"), SweepStores.JournalFile("store"));
    }
}
