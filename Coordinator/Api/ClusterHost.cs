using SweepCluster.Coordinator.Dispatch;
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

    private ClusterHost(ISweepStore store, SweepBroker broker, WebApplication app, TimeProvider time, RuntimeOptions runtime)
    {
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
        var broker = new SweepBroker(time, runtime);
        ClusterHost? host = null;
        Func<string, string, CancellationToken, Task<string>> accept = submit is null
            ? (_, _, _) => throw new SweepRejected("$", "this coordinator does not accept sweeps over HTTP")
            : async (text, source, token) => await host!.AddAsync(submit(text, source), token);
        var app = ApiHost.Build(api, broker, new SweepAdmin(store, broker, accept), time);
        host = new ClusterHost(store, broker, app, time, runtime);
        foreach (var sweep in await store.ListSweepsAsync(ct))
        {
            if (!SweepLifecycle.IsTerminal(sweep.Status))
            {
                await ExtendLeasesAsync(store, sweep.Id, time.GetUtcNow() + runtime.LeaseTtl, ct);
                broker.Add(await SweepActor.RecoverAsync(sweep, store, time, runtime, broker.SignalWork, ct));
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

        var actor = await SweepActor.CreateAsync(def, Store, _time, _runtime, Broker.SignalWork, ct);
        Broker.Add(actor);
        return actor.SweepId;
    }

    public Task StartAsync(CancellationToken ct) => App.StartAsync(ct);

    public async ValueTask DisposeAsync()
    {
        // Long polls would hold a graceful stop for up to 30 s; give them 1 s, then Kestrel aborts them (workers retry).
        using (var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await App.StopAsync(quick.Token);
        }

        await App.DisposeAsync();
        await Broker.DisposeAsync();
        await Store.DisposeAsync();
    }

    /// <summary>
    /// Leases held when the coordinator stopped get a full TTL from now: their workers could not renew while it was down,
    /// and may still be training (they reconnect and deliver what they buffered). Leases not renewed by then expire as usual.
    /// </summary>
    private static async Task ExtendLeasesAsync(ISweepStore store, string sweepId, DateTimeOffset until, CancellationToken ct)
    {
        var held = (await store.GetTrialsAsync(sweepId, ct))
            .Where(t => TrialLifecycle.IsActive(t.Status) && t.LeaseExpiry is { } e && e < until)
            .Select(t => t with { LeaseExpiry = until })
            .ToList();
        if (held.Count > 0)
        {
            await store.ApplyAsync(new StateChange
            {
                SweepId = sweepId, Type = "LeasesExtendedOnRestart", At = until, Trials = held,
                Payload = System.Text.Json.JsonSerializer.Serialize(held.Select(t => t.Id).ToList()),
            }, ct);
        }
    }

    /// <summary>Ticks often enough to expire a lease within a fraction of its TTL.</summary>
    private static TimeSpan Tick(TimeSpan ttl) => TimeSpan.FromMilliseconds(Math.Clamp(ttl.TotalMilliseconds / 10, 50, 1000));
}
