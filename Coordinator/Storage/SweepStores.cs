using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Storage;

/// <summary>Opens the store named by <c>cluster.storage</c>: <c>sqlite:FILE</c> (or a bare file path), <c>postgres://user:pass@host:port/db</c> or <c>postgres:</c> + an Npgsql connection string.</summary>
internal static class SweepStores
{
    /// <summary>An initialised store for <paramref name="storage"/>; bad values throw <see cref="ConfigException"/>.</summary>
    public static async Task<ISweepStore> OpenAsync(string storage, CancellationToken ct)
    {
        ISweepStore store;
        try
        {
            store = Create(storage);
        }
        catch (FormatException e)
        {
            throw new ConfigException(e.Message);
        }

        try
        {
            await store.InitializeAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not ConfigException)
        {
            await store.DisposeAsync();
            throw new ConfigException($"cluster.storage: cannot open '{Redact(storage)}': {ex.Message}");
        }

        return store;
    }

    private static ISweepStore Create(string storage) => storage switch
    {
        _ when storage.StartsWith("sqlite:", StringComparison.Ordinal) && storage.Length > "sqlite:".Length => new SqliteSweepStore(storage["sqlite:".Length..]),
        _ when Postgres.PostgresConnection.IsPostgres(storage) => new Postgres.PostgresSweepStore(Postgres.PostgresConnection.ToConnectionString(storage)),
        _ when !storage.Contains(':', StringComparison.Ordinal) && storage.Length > 0 => new SqliteSweepStore(storage),
        _ => throw new ConfigException($"cluster.storage: expected sqlite:FILE or postgres://..., found '{Redact(storage)}'"),
    };

    private static string Redact(string storage)
    {
        var at = storage.IndexOf('@', StringComparison.Ordinal);
        var scheme = storage.IndexOf("://", StringComparison.Ordinal);
        return at > 0 && scheme > 0 && at > scheme ? $"{storage[..(scheme + 3)]}***{storage[at..]}" : storage;
    }
}
