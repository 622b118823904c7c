using Npgsql;
using SweepCluster.Coordinator.Storage.Postgres;

namespace SweepCluster.Coordinator.Tests.Storage.Postgres;

public sealed class PostgresConnectionTests
{
    [Fact]
    public void ToConnectionString_Url_MapsEveryPart()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnection.ToConnectionString("postgres://us%40er:p%3Ass@db.local:6543/sweeps?sslmode=disable"));
        Assert.Equal(("db.local", 6543, "sweeps", "us@er", "p:ss"), (b.Host, b.Port, b.Database, b.Username, b.Password));
        Assert.Equal(SslMode.Disable, b.SslMode);
    }

    [Fact]
    public void ToConnectionString_UrlWithoutPort_Uses5432()
    {
        Assert.Equal(5432, new NpgsqlConnectionStringBuilder(PostgresConnection.ToConnectionString("postgresql://u@h/d")).Port);
    }

    [Fact]
    public void ToConnectionString_KeyValueForm_PassesThrough()
    {
        var b = new NpgsqlConnectionStringBuilder(PostgresConnection.ToConnectionString("postgres:Host=h;Database=d;Username=u"));
        Assert.Equal(("h", "d"), (b.Host, b.Database));
    }

    [Theory]
    [InlineData("postgres://u:p@h:1/")]
    [InlineData("postgres://u:p@h:1/d?nosuchoption=1")]
    public void ToConnectionString_Bad_ThrowsNamingClusterStorage(string storage)
    {
        var e = Assert.Throws<FormatException>(() => PostgresConnection.ToConnectionString(storage));
        Assert.StartsWith("cluster.storage:", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":p@", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://x/y", true)]
    [InlineData("sqlite:sweeps.db", false)]
    public void IsPostgres_Storage_Recognised(string storage, bool expected) => Assert.Equal(expected, PostgresConnection.IsPostgres(storage));
}
