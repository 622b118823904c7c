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

    /// <summary>
    /// Where the Akka.Persistence journal and snapshots of <paramref name="storage"/> live: for SQLite a file beside the read
    /// model (<c>sweeps.db</c> → <c>sweeps.journal.db</c>, so journal writes and projection writes never wait for one
    /// another's file lock), for PostgreSQL the same database (tables <c>journal</c>, <c>tags</c>, <c>snapshot</c>).
    /// </summary>
    public static (string ConnectionString, string Provider, string? SqliteFile) Journal(string storage) => storage switch
    {
        _ when storage.StartsWith("sqlite:", StringComparison.Ordinal) && storage.Length > "sqlite:".Length => SqliteJournal(storage["sqlite:".Length..]),
        _ when Postgres.PostgresConnection.IsPostgres(storage) => (Postgres.PostgresConnection.ToConnectionString(storage), "PostgreSQL.15", null),
        _ when !storage.Contains(':', StringComparison.Ordinal) && storage.Length > 0 => SqliteJournal(storage),
        _ => throw new ConfigException($"cluster.storage: expected sqlite:FILE or postgres://..., found '{Redact(storage)}'"),
    };

    /// <summary>The journal file of the SQLite read model <paramref name="path"/>.</summary>
    public static string JournalFile(string path)
    {
        var full = Path.GetFullPath(path);
        var ext = Path.GetExtension(full);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", $"{Path.GetFileNameWithoutExtension(full)}.journal{(ext.Length > 0 ? ext : ".db")}");
    }

    private static (string, string, string?) SqliteJournal(string path)
    {
        var file = JournalFile(path);
        return (new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file }.ToString(), "SQLite.MS", file);
    }

    private static ISweepStore Create(string storage) => storage switch
    {
        _ when storage.StartsWith("sqlite:", StringComparison.Ordinal) && storage.Length > "sqlite:".Length => new SqliteSweepStore(storage["sqlite:".Length..]),
        _ when Postgres.PostgresConnection.IsPostgres(storage) => new Postgres.PostgresSweepStore(Postgres.PostgresConnection.ToConnectionString(storage)),
        _ when !storage.Contains(':', StringComparison.Ordinal) && storage.Length > 0 => new SqliteSweepStore(storage),
        _ => throw new ConfigException($"cluster.storage: expected sqlite:FILE or postgres://..., found '{Redact(storage)}'"),
    };

    /// <summary><paramref name="storage"/> with any password replaced by <c>***</c> (URL user info or a <c>Password=</c> key), for messages.</summary>
    public static string Redact(string storage)
    {
        var at = storage.IndexOf('@', StringComparison.Ordinal);
        var scheme = storage.IndexOf("://", StringComparison.Ordinal);
        if (at > 0 && scheme > 0 && at > scheme)
        {
            return $"{storage[..(scheme + 3)]}***{storage[at..]}";
        }

        return System.Text.RegularExpressions.Regex.Replace(storage, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***");
    }
}
