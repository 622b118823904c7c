using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Journal;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Tests.Support;
using SweepCluster.Coordinator.Tests.Sweeps.Runtime;
using SweepCluster.Messages;
using Xunit.Abstractions;

namespace SweepCluster.Coordinator.Tests.Sweeps.Journal;

/// <summary>
/// A journal written by this version (checked in) must replay in every later version. Regenerate only when a new manifest
/// is added, never to paper over a change of an existing one: <c>SWEEP_WRITE_JOURNAL_FIXTURE=1 dotnet test --filter JournalFixture</c>.
/// </summary>
public sealed class JournalFixtureTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(AkkaTestConfig.Persistent, output: output), IDisposable
{
    private const string SweepId = "fixture-v1";
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Sweeps", "Journal", "Fixtures", "journal-v1.jsonl");
    private readonly TempDir _tmp = new();

    private sealed record Row(string Manifest, string Payload);

    /// <summary>Persists given journal events under a persistence id, as an earlier version's actor did.</summary>
    private sealed class Seeder : ReceivePersistentActor
    {
        public Seeder(string persistenceId, IReadOnlyList<object> events)
        {
            PersistenceId = persistenceId;
            Command<string>(_ =>
            {
                var sender = Sender;
                PersistAll(events, _ => { });
                DeferAsync("done", _ => sender.Tell("done"));
            });
        }

        public override string PersistenceId { get; }
    }

    [Fact]
    public async Task Replay_CheckedInV1Journal_RebuildsTheRecordedSweep()
    {
        if (Environment.GetEnvironmentVariable("SWEEP_WRITE_JOURNAL_FIXTURE") == "1")
        {
            await WriteFixtureAsync();
        }

        var serializer = new JournalSerializer((ExtendedActorSystem)Sys);
        var events = File.ReadLines(FixturePath)
            .Select(l => JsonSerializer.Deserialize<Row>(l, JsonSerializerOptions.Web)!)
            .Select(r => serializer.FromBinary(Encoding.UTF8.GetBytes(r.Payload), r.Manifest))
            .ToList();
        var seeder = Sys.ActorOf(Props.Create(() => new Seeder($"sweep-{SweepId}", events)));
        Assert.Equal("done", await seeder.Ask<string>("go", TimeSpan.FromSeconds(10)));
        await seeder.GracefulStop(TimeSpan.FromSeconds(5));

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var sweep = await SweepRef.RecoverAsync(Sys, SweepId, time, new RuntimeOptions(), _ => { }, CancellationToken.None);
        var snap = await sweep.SnapshotAsync();

        Assert.Equal("fixture", snap.Sweep.Name);
        Assert.Equal(SweepStatus.Running, snap.Sweep.Status);
        var byKey = snap.Trials.ToDictionary(t => t.Key);
        Assert.Equal((TrialStatus.Completed, 0.4), (byKey["q=0.5"].Status, byKey["q=0.5"].BestValue));
        Assert.Equal((TrialStatus.Pending, 2, 1), (byKey["q=0.3"].Status, byKey["q=0.3"].Attempt, byKey["q=0.3"].Failures));
        Assert.Equal(TrialStatus.Pending, byKey["q=0.7"].Status);
        Assert.Equal(BrokerAnswer.Duplicate, await sweep.ExitAsync(new TrialRef(byKey["q=0.5"].Id, 1, byKey["q=0.5"].FencingToken), AttemptEnd.Completed, null, null));
    }

    /// <summary>Runs the recorded script on the real SQLite journal and writes its rows (manifest + JSON payload) as the fixture.</summary>
    private async Task WriteFixtureAsync()
    {
        var db = _tmp.File("fixture.db");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        string id;
        await using (var kit = await RuntimeKit.StartAsync(db))
        {
            var def = SimDefinitions.Quality(_tmp.File("ck"), [0.5, 0.3, 0.7]) with { Name = "fixture", MaxFailuresPerTrial = 2 };
            await using var sweep = await kit.CreateAsync(def, time, new RuntimeOptions());
            id = sweep.SweepId;
            var g = await sweep.LeaseAsync("w1", 2);
            await sweep.ReportAsync(g[0].Trial, new MetricReport(1, new Dictionary<string, double> { ["val_loss"] = 0.6 }));
            await sweep.ExitAsync(g[0].Trial, AttemptEnd.Completed, new MetricReport(2, new Dictionary<string, double> { ["val_loss"] = 0.4 }), null);
            await sweep.ExitAsync(g[1].Trial, AttemptEnd.Failed, null, "boom");
        }

        await using var conn = new SqliteConnection($"Data Source={SweepStores.JournalFile(db)}");
        var rows = await conn.QueryAsync<(string Manifest, byte[] Message)>("SELECT manifest, message FROM journal ORDER BY ordering");
        var lines = rows.Select(x => JsonSerializer.Serialize(
            new Row(x.Manifest, Encoding.UTF8.GetString(x.Message).Replace(id, SweepId, StringComparison.Ordinal)), JsonSerializerOptions.Web));
        var source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Sweeps", "Journal", "Fixtures", "journal-v1.jsonl"));
        await File.WriteAllTextAsync(source, string.Join('\n', lines) + "\n");
    }

    /// <inheritdoc/>
    public new void Dispose()
    {
        _tmp.Dispose();
        base.Dispose();
    }
}
