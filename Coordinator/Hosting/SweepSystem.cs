using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Journal;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// One Akka.NET actor system configured through Akka.Hosting: the sweep actors' journal and snapshots on
/// Akka.Persistence.Sql (SQLite or PostgreSQL, tables created on first use), the journal serializer, logging into the host's
/// loggers, and the read-model projection from that journal into <see cref="Store"/>.
/// </summary>
internal sealed class SweepSystem : IAsyncDisposable
{
    private readonly IHost _host;

    private SweepSystem(IHost host, ActorSystem system, ISweepStore store, ReadModelProjection projection, Func<CancellationToken, Task<long>> journalEnd)
    {
        _host = host;
        System = system;
        Store = store;
        Projection = projection;
        JournalEnd = journalEnd;
    }

    /// <summary>The actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The read model (the projection writes it; everything else reads it).</summary>
    public ISweepStore Store { get; }

    /// <summary>The journal → read model projection.</summary>
    public ReadModelProjection Projection { get; }

    /// <summary>The highest journal ordering written so far.</summary>
    public Func<CancellationToken, Task<long>> JournalEnd { get; }

    /// <summary>Returns once every event journaled before the call is in the read model.</summary>
    public async Task CaughtUpAsync(CancellationToken ct) => await Projection.ReachedAsync(await JournalEnd(ct), ct);

    /// <summary>Starts the system for <paramref name="storage"/> (the <c>cluster.storage</c> value) over the opened <paramref name="store"/>.</summary>
    /// <param name="storage">sqlite:FILE, a file path or a PostgreSQL URL.</param>
    /// <param name="store">The read model, already initialised (its version checked).</param>
    /// <param name="configure">Extra configuration (tests: the TestScheduler, an in-memory journal).</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<SweepSystem> StartAsync(string storage, ISweepStore store, Action<AkkaConfigurationBuilder>? configure, CancellationToken ct)
    {
        var (connection, provider, sqliteFile) = SweepStores.Journal(storage);
        if (sqliteFile is not null)
        {
            await using var db = new SqliteConnection(connection);
            await db.OpenAsync(ct);
            await db.ExecuteAsync("PRAGMA journal_mode=WAL;"); // stays set in the file
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>(); // the CLI verb owns SIGINT/SIGTERM, not this host
        builder.Services.AddAkka("sweep", ab =>
        {
            ab.ConfigureLoggers(l =>
            {
                l.LogLevel = Akka.Event.LogLevel.WarningLevel;
                l.ClearLoggers();
                l.AddLoggerFactory();
            });
            ab.WithCustomSerializer("sweep-journal", JournalSerializer.BoundTypes, system => new JournalSerializer(system));
            ab.WithSqlPersistence(connectionString: connection, providerName: provider, autoInitialize: true);
            // Akka.Persistence.Sql.Hosting has no option for the query side's polling: both intervals must drop from 1 s for
            // the read model to follow within tens of milliseconds (the plugin's reference.conf says so).
            ab.AddHocon(
                """
                akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                akka.persistence.query.journal.sql {
                  refresh-interval = 50ms
                  max-buffer-size = 2000
                  journal-sequence-retrieval.query-delay = 50ms
                }
                """, HoconAddMode.Prepend);
            configure?.Invoke(ab);
        });
        var host = builder.Build();
        await host.StartAsync(ct);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var projection = await ReadModelProjection.StartAsync(system, store, ct);
        Func<System.Data.Common.DbConnection> open = sqliteFile is not null ? () => new SqliteConnection(connection) : () => new NpgsqlConnection(connection);
        return new SweepSystem(host, system, store, projection, token => JournalMaxAsync(open(), token));
    }

    /// <summary>A host lifetime that leaves signals to the embedding program (which disposes this system when it ends).</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static async Task<long> JournalMaxAsync(System.Data.Common.DbConnection connection, CancellationToken ct)
    {
        await using var db = connection;
        await db.OpenAsync(ct);
        try
        {
            return await db.ExecuteScalarAsync<long?>("SELECT MAX(ordering) FROM journal") ?? 0;
        }
        catch (System.Data.Common.DbException)
        {
            return 0; // no journal table yet: nothing was ever persisted
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Projection.DisposeAsync();
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
