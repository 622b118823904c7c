using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Hosting;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

// Recovery benchmark: writes a sweep whose journal holds N events (one trial, N metric reports through the real sweep
// actor on Akka.Persistence.Sql), stops the actor system, then times a cold recovery in a new actor system (snapshot +
// the events after it, then the scheduler replay of every report), three times.
// Not a test: figures depend on the machine.
//   dotnet run -c Release --project scripts/RecoveryBench -- --storage sqlite|postgres://... [--events 100000] [--snapshot-every 10000]
var storageArg = Arg("--storage", "sqlite");
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

string Arg(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
