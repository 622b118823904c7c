using System.Net.Http.Json;
using System.Text.Json;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.GpuWorker.Agent;
using SweepCluster.Messages;

namespace SweepCluster.GpuWorker.Tests.Agent;

/// <summary>The real sweep runtime (SQLite store, broker, actors) behind the real API, and two real agents in process.</summary>
public sealed class ClusterEndToEndTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("sweep-e2e-").FullName;
    private ClusterHost? _host;

    public async Task InitializeAsync()
    {
        _host = await ClusterHost.CreateAsync(
            "sqlite:" + Path.Combine(_root, "sweeps.db"),
            new ApiOptions { Listen = "http://127.0.0.1:0", WorkerToken = "wt", AdminToken = "at" },
            new RuntimeOptions { LeaseTtl = TimeSpan.FromSeconds(30), HeartbeatInterval = TimeSpan.FromSeconds(1) },
            TimeProvider.System, submit: null, CancellationToken.None);
        await _host.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host!.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private SweepDefinition Definition(int trials) => new()
    {
        Name = "e2e",
        Task = "scripted",
        Trial = JsonSerializer.SerializeToElement(new { evaluations = 3 }),
        Objective = new ObjectiveSpec("val_loss", ObjectiveMode.Min),
        CheckpointDir = Path.Combine(_root, "runs"),
        Seed = 5,
        Plan = [.. Enumerable.Range(0, trials).Select(i => new PlannedTrial(i, $"p={i}", new Dictionary<string, JsonElement> { ["p"] = JsonSerializer.SerializeToElement(i) }))],
    };

    [Fact]
    public async Task TwoAgents_SixTrialSweep_EveryTrialCompletesOnceWithCheckpointsOnCoordinator()
    {
        var id = await _host!.AddAsync(Definition(6), CancellationToken.None);
        using var stop = new CancellationTokenSource();
        var agents = Enumerable.Range(0, 2).Select(i =>
        {
            var http = CoordinatorClient.CreateHttp(new Uri(_host.BaseAddress.GetLeftPart(UriPartial.Authority)));
            var options = new AgentOptions
            {
                Slots = 2, Name = $"w{i}", WorkDir = Path.Combine(_root, $"worker{i}"), LeaseWait = TimeSpan.FromSeconds(1),
                BackoffBase = TimeSpan.FromMilliseconds(5), LastUploadInterval = TimeSpan.Zero,
            };
            var agent = new WorkerAgent(options, new CoordinatorClient(http, "wt"), _ => new ScriptedTrainer { Steps = 3 }, [], TimeProvider.System, _ => { });
            return (http, run: agent.RunAsync(stop.Token));
        }).ToList();

        Assert.Equal(SweepStatus.Completed, await _host.Broker.Find(id)!.Completion.WaitAsync(TimeSpan.FromSeconds(60)));
        await stop.CancelAsync();
        foreach (var (http, run) in agents)
        {
            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(60)));
            http.Dispose();
        }

        await _host.CaughtUpAsync(CancellationToken.None); // the read model follows the journal
        var trials = await _host.Store.GetTrialsAsync(id, CancellationToken.None);
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.Equal((TrialStatus.Completed, 1), (t.Status, t.Attempt)));
        Assert.All(trials, t => Assert.Equal("3", File.ReadAllText(Path.Combine(t.CheckpointPath!, "best", "step"))));
        var metrics = await _host.Store.GetMetricsAsync(id, CancellationToken.None);
        Assert.Equal(18, metrics.Count);

        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        var board = await client.GetFromJsonAsync($"sweeps/{id}/leaderboard?top=10", WireJsonContext.Default.LeaderboardPage);
        Assert.Equal(6, board!.Rows.Count);
        Assert.Equal(6, board.Rows.Select(r => r.TrialKey).Distinct().Count());
    }
}
