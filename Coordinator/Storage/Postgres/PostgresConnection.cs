using Npgsql;

namespace SweepCluster.Coordinator.Storage.Postgres;

/// <summary>Turns <c>cluster.storage</c> values into Npgsql connection strings.</summary>
internal static class PostgresConnection
{
    /// <summary>True for <c>postgres://…</c>, <c>postgresql://…</c> and <c>postgres:Host=…</c>.</summary>
    public static bool IsPostgres(string storage) =>
        storage.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || storage.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>postgres://user:pass@host:port/db?sslmode=require</c> (user and password URL-encoded), or <c>postgres:</c> followed by
    /// an Npgsql connection string. Throws <see cref="FormatException"/> naming what is wrong (never the password).
    /// </summary>
    public static string ToConnectionString(string storage)
    {
        var colon = storage.IndexOf(':', StringComparison.Ordinal);
        var rest = storage[(colon + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(rest).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new FormatException("cluster.storage: not a valid PostgreSQL connection string: " + e.Message, e);
            }
        }

        if (!Uri.TryCreate("postgres:" + rest, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException("cluster.storage: expected postgres://user:pass@host:port/database");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0)
        {
            throw new FormatException("cluster.storage: the postgres:// URL names no database (…/database)");
        }

        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        var user = uri.UserInfo.Split(':', 2);
        if (user[0].Length > 0)
        {
            b.Username = Uri.UnescapeDataString(user[0]);
        }

        if (user.Length == 2)
        {
            b.Password = Uri.UnescapeDataString(user[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            try
            {
                b[key] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
            }
            catch (ArgumentException)
            {
                throw new FormatException($"cluster.storage: unknown PostgreSQL option '{key}'");
            }
        }

        return b.ConnectionString;
    }
}
