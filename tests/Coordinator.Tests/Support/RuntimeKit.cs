using Akka.Hosting;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Tests.Support;

/// <summary>
/// The sweep runtime as the coordinator starts it (an actor system with the Akka.Persistence.Sql journal, the read-model
/// projection) over one SQLite file or PostgreSQL database, for tests. <see cref="Store"/> reads the read model only after
/// the projection has caught up with the journal, so a test sees everything the actors acknowledged.
/// </summary>
internal sealed class RuntimeKit : IAsyncDisposable
{
    private readonly ISweepStore _inner;

    private RuntimeKit(ISweepStore inner, SweepSystem system)
    {
        _inner = inner;
        System = system;
        Store = new CaughtUpStore(inner, system);
    }

    /// <summary>The running system.</summary>
    public SweepSystem System { get; }

    /// <summary>The read model, read after catch-up.</summary>
    public ISweepStore Store { get; }

    /// <summary>Starts the runtime over <paramref name="storage"/> (a SQLite file path or a PostgreSQL URL).</summary>
    public static async Task<RuntimeKit> StartAsync(string storage, Action<AkkaConfigurationBuilder>? configure = null)
    {
        var store = await SweepStores.OpenAsync(storage, CancellationToken.None);
        var system = await SweepSystem.StartAsync(storage, store, configure, CancellationToken.None);
        return new RuntimeKit(store, system);
    }

    /// <summary>Creates a sweep actor for <paramref name="def"/>.</summary>
    public Task<SweepRef> CreateAsync(SweepDefinition def, TimeProvider time, RuntimeOptions options, Action<int>? workAvailable = null) =>
        SweepRef.CreateAsync(System.System, def, time, options, workAvailable ?? (_ => { }), CancellationToken.None);

    /// <summary>Recovers the sweep <paramref name="sweepId"/> from its journal.</summary>
    public Task<SweepRef> RecoverAsync(string sweepId, TimeProvider time, RuntimeOptions options, Action<int>? workAvailable = null) =>
        SweepRef.RecoverAsync(System.System, sweepId, time, options, workAvailable ?? (_ => { }), CancellationToken.None);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await System.DisposeAsync();
        await _inner.DisposeAsync();
    }
}
