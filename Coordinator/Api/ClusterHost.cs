using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// A coordinator serving remote workers: the store, the sweep broker with its actors (stored running sweeps recovered,
/// their leases left to expire normally since their workers may still be alive), lease-expiry ticking, and the HTTP API.
/// </summary>
internal sealed class ClusterHost : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly RuntimeOptions _runtime;

    private readonly SweepSystem _system;

    private ClusterHost(SweepSystem system, ISweepStore store, SweepBroker broker, WebApplication app, TimeProvider time, RuntimeOptions runtime)
    {
        _system = system;
        Store = store;
        Broker = broker;
        App = app;
        _time = time;
        _runtime = runtime;
    }

    public ISweepStore Store { get; }

    public SweepBroker Broker { get; }

    public WebApplication App { get; }

    /// <summary>The API's base address (<c>…/api/v1/</c>), valid once started.</summary>
    public Uri BaseAddress => ApiHost.BaseAddress(App);

    /// <summary>
    /// Opens the store (<c>cluster.storage</c>), recovers its running sweeps, and builds (does not start) the API. <paramref name="submit"/>
    /// turns a posted sweep file into a definition (null: the API refuses submissions). <paramref name="wrapStore"/>: a
    /// decorator around the opened store (the dispatch benchmark times commits with it).
    /// </summary>
    public static async Task<ClusterHost> CreateAsync(
        string storage, ApiOptions api, RuntimeOptions runtime, TimeProvider time,
        Func<string, string, SweepDefinition>? submit, CancellationToken ct, Func<ISweepStore, ISweepStore>? wrapStore = null)
    {
        var opened = await SweepStores.OpenAsync(storage, ct);
        var store = wrapStore is null ? opened : wrapStore(opened);
        var system = await SweepSystem.StartAsync(storage, store, null, ct);
        await system.CaughtUpAsync(ct);
        var broker = new SweepBroker(time, runtime);
        ClusterHost? host = null;
        Func<string, string, CancellationToken, Task<string>> accept = submit is null
            ? (_, _, _) => throw new SweepRejected("$", "this coordinator does not accept sweeps over HTTP")
            : async (text, source, token) => await host!.AddAsync(submit(text, source), token);
        var app = ApiHost.Build(api, broker, new SweepAdmin(store, broker, accept), time);
        host = new ClusterHost(system, store, broker, app, time, runtime);
        foreach (var sweep in await store.ListSweepsAsync(ct))
        {
            if (!SweepLifecycle.IsTerminal(sweep.Status))
            {
                broker.Add(await SweepRef.RecoverAsync(system.System, sweep.Id, time, runtime, broker.SignalWork, ct));
            }
        }

        broker.StartTicking(Tick(runtime.LeaseTtl));
        return host;
    }

    /// <summary>Starts a sweep (or resumes the stored running sweep of the same name); returns its id.</summary>
    public async Task<string> AddAsync(SweepDefinition def, CancellationToken ct)
    {
        if (await Store.FindSweepByNameAsync(def.Name, ct) is { } existing)
        {
            return SweepLifecycle.IsTerminal(existing.Status)
                ? throw new SweepRejected("sweep.name", $"a {existing.Status.ToString().ToLowerInvariant()} sweep named '{def.Name}' is stored; choose another name")
                : existing.Id;
        }

        var actor = await SweepRef.CreateAsync(_system.System, def, _time, _runtime, Broker.SignalWork, ct);
        Broker.Add(actor);
        await _system.CaughtUpAsync(ct); // the read model (listing, leaderboard, lookups by name) knows the sweep before the caller hears of it
        return actor.SweepId;
    }

    public Task StartAsync(CancellationToken ct) => App.StartAsync(ct);

    /// <summary>Returns once the read model holds every event journaled before the call.</summary>
    public Task CaughtUpAsync(CancellationToken ct) => _system.CaughtUpAsync(ct);

    public async ValueTask DisposeAsync()
    {
        // Long polls would hold a graceful stop for up to 30 s; give them 1 s, then Kestrel aborts them (workers retry).
        using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await App.StopAsync(quick.Token);
        }

        await App.DisposeAsync();
        await Broker.DisposeAsync();
        await _system.DisposeAsync();
        await Store.DisposeAsync();
    }

    /// <summary>
    /// Leases held when the coordinator stopped get a full TTL from now: their workers could not renew while it was down,
    /// and may still be training (they reconnect and deliver what they buffered). Leases not renewed by then expire as usual.
    /// </summary>
    private static TimeSpan Tick(TimeSpan ttl) => TimeSpan.FromMilliseconds(Math.Clamp(ttl.TotalMilliseconds / 10, 50, 1000));
}
