using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

// Runtime benchmarks. Default, recovery: writes a sweep whose journal holds N events (one trial, N metric reports through the real sweep
// actor on Akka.Persistence.Sql), stops the actor system, then times a cold recovery in a new actor system (snapshot +
// the events after it, then the scheduler replay of every report), three times.
// Not a test: figures depend on the machine.
//   dotnet run -c Release --project scripts/RuntimeBench -- --storage sqlite|postgres://... [--events 100000] [--snapshot-every 10000]
//   ... --lag 200: instead, the read model's lag behind the journal (200 reports, one at a time)
//   ... --dispatch 5000 [--workers 64] [--warmup 3000] [--rate 500]: instead, in-process dispatch (see Dispatch.cs)
var storageArg = Arg("--storage", "sqlite");
var lagSamples = int.Parse(Arg("--lag", "0"), CultureInfo.InvariantCulture);
var dispatchTrials = int.Parse(Arg("--dispatch", "0"), CultureInfo.InvariantCulture);
var events = int.Parse(Arg("--events", "100000"), CultureInfo.InvariantCulture);
var every = int.Parse(Arg("--snapshot-every", "10000"), CultureInfo.InvariantCulture);
var dir = Directory.CreateTempSubdirectory("sweep-recovery-").FullName;
var storage = storageArg == "sqlite" ? Path.Combine(dir, "sweeps.db") : storageArg;
var def = new SweepDefinition
{
    Name = $"recovery-{Guid.NewGuid():N}"[..20],
    Task = "noop",
    Trial = JsonSerializer.SerializeToElement(new { task = "noop" }),
    Objective = new ObjectiveSpec("val_loss", ObjectiveMode.Min),
    CheckpointDir = Path.Combine(dir, "runs"),
    Plan = [new PlannedTrial(0, "k0", new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(1) })],
};
var time = TimeProvider.System;
if (dispatchTrials > 0)
{
    var rateArg = Arg("--rate", "");
    await SweepCluster.RuntimeBench.Dispatch.RunAsync(storage, dispatchTrials, int.Parse(Arg("--workers", "64"), CultureInfo.InvariantCulture),
        int.Parse(Arg("--warmup", "3000"), CultureInfo.InvariantCulture), rateArg.Length > 0 ? double.Parse(rateArg, CultureInfo.InvariantCulture) : null);
    Directory.Delete(dir, recursive: true);
    return;
}

string id;
var write = Stopwatch.StartNew();
await using (var store = await SweepStores.OpenAsync(storage, CancellationToken.None))
await using (var system = await SweepSystem.StartAsync(storage, store, null, CancellationToken.None))
{
    var options = new RuntimeOptions { SnapshotEvery = every, LeaseTtl = TimeSpan.FromHours(1) };
    await using var sweep = await SweepRef.CreateAsync(system.System, def, time, options, _ => { }, CancellationToken.None);
    id = sweep.SweepId;
    var grant = (await sweep.LeaseAsync("bench", 1))[0];
    const int window = 256; // reports in flight: the actor batches their journal writes
    var pending = new List<Task<BrokerAnswer>>(window);
    for (var step = 1; step <= events; step++)
    {
        pending.Add(sweep.ReportAsync(grant.Trial, new MetricReport(step, new Dictionary<string, double> { ["val_loss"] = 1.0 / step })));
        if (pending.Count == window)
        {
            await Task.WhenAll(pending);
            pending.Clear();
        }
    }

    await Task.WhenAll(pending);
}

if (lagSamples > 0)
{
    await MeasureLagAsync(lagSamples);
    Directory.Delete(dir, recursive: true);
    return;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {events:N0} events in {write.Elapsed.TotalSeconds:0.0} s ({events / write.Elapsed.TotalSeconds:N0} events/s), snapshot every {every:N0}"));
await RecoverAsync(every);
Directory.Delete(dir, recursive: true);

async Task RecoverAsync(int snapshotEvery)
{
    for (var run = 1; run <= 3; run++)
    {
        await using var store = await SweepStores.OpenAsync(storage, CancellationToken.None);
        await using var system = await SweepSystem.StartAsync(storage, store, null, CancellationToken.None);
        var options = new RuntimeOptions { SnapshotEvery = snapshotEvery, LeaseTtl = TimeSpan.FromHours(1), AskTimeout = TimeSpan.FromMinutes(5) };
        var clock = Stopwatch.StartNew();
        await using var sweep = await SweepRef.RecoverAsync(system.System, id, time, options, _ => { }, CancellationToken.None);
        var snap = await sweep.SnapshotAsync();
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"recover (new actor system, snapshot + tail + scheduler replay) run {run}: {clock.Elapsed.TotalMilliseconds:N0} ms, trial best {snap.Trials[0].BestValue:G3} at step {snap.Trials[0].BestStep}"));
    }
}

// Projection lag: one report at a time at about 50/s; for each, the time from its acknowledgement (it is journaled) until
// the read model holds every event journaled so far (the projection's polling, batching and write).
async Task MeasureLagAsync(int samples)
{
    await using var store = await SweepStores.OpenAsync(storage, CancellationToken.None);
    await using var system = await SweepSystem.StartAsync(storage, store, null, CancellationToken.None);
    var options = new RuntimeOptions { LeaseTtl = TimeSpan.FromHours(1) };
    await using var sweep = await SweepRef.CreateAsync(system.System, def with { Name = def.Name + "-lag" }, time, options, _ => { }, CancellationToken.None);
    var grant = (await sweep.LeaseAsync("bench", 1))[0];
    var lags = new List<double>();
    for (var step = 1; step <= samples + 20; step++)
    {
        await sweep.ReportAsync(grant.Trial, new MetricReport(step, new Dictionary<string, double> { ["val_loss"] = 1.0 / step }));
        var acked = Stopwatch.GetTimestamp();
        await system.CaughtUpAsync(CancellationToken.None);
        if (step > 20)
        {
            lags.Add(Stopwatch.GetElapsedTime(acked).TotalMilliseconds); // the first 20 warm up the JIT
        }

        await Task.Delay(20);
    }

    lags.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"projection lag after the acknowledgement, {lags.Count} reports: p50 {lags[lags.Count / 2]:0} ms, p90 {lags[lags.Count * 9 / 10]:0} ms, p99 {lags[Math.Min(lags.Count - 1, lags.Count * 99 / 100)]:0} ms, max {lags[^1]:0} ms"));
}

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
