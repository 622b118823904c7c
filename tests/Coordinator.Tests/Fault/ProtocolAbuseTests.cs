using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Tests.Storage.Postgres;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Fault;

/// <summary>Fault test 3: protocol abuse against the real sweep runtime behind the real API; each gets its status and changes nothing.</summary>
public sealed class ProtocolAbuseTests
{
    private const string WorkerToken = "abuse-worker";
    private const string AdminToken = "abuse-admin";
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    [Fact]
    public Task Abuse_Sqlite_RightStatusAndNothingChanges() => RunAsync(postgres: false);

    [PostgresFact]
    public Task Abuse_Postgres_RightStatusAndNothingChanges() => RunAsync(postgres: true);

    private static async Task RunAsync(bool postgres)
    {
        var root = Directory.CreateTempSubdirectory("sweep-abuse-").FullName;
        var storage = postgres ? "postgres:" + await PostgresTestDatabase.CreateSchemaAsync() : "sqlite:" + Path.Combine(root, "s.db");
        await using (var host = await ClusterHost.CreateAsync(storage,
            new ApiOptions { Listen = "http://127.0.0.1:0", WorkerToken = WorkerToken, AdminToken = AdminToken },
            new RuntimeOptions(), TimeProvider.System, submit: null, CancellationToken.None))
        {
            await host.StartAsync(CancellationToken.None);
            var sweepId = await host.AddAsync(new SweepDefinition
            {
                Name = "abuse",
                Task = "noop",
                Trial = JsonSerializer.SerializeToElement(new { task = "noop" }),
                CheckpointDir = Path.Combine(root, "runs"),
                Plan = [.. Enumerable.Range(0, 2).Select(i => new PlannedTrial(i, $"k{i}", new Dictionary<string, JsonElement> { ["value"] = JsonSerializer.SerializeToElement(i) }))],
            }, CancellationToken.None);
            using var http = new HttpClient { BaseAddress = host.BaseAddress };
            await new Abuse(http, host, sweepId).RunAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(root, recursive: true);
    }

    private sealed class Abuse(HttpClient http, ClusterHost host, string sweepId)
    {
        public async Task RunAsync()
        {
            var reg = new RegisterWorkerRequest { Protocol = ProtocolVersion.Current, Name = "abuser", Slots = 1 };
            using var r = await Send(HttpMethod.Post, "workers", Json(reg, Wire.RegisterWorkerRequest));
            var worker = (await r.Content.ReadFromJsonAsync(Wire.RegisterWorkerResponse))!.WorkerId;
            using var l = await Send(HttpMethod.Post, $"workers/{worker}/lease", Json(new LeaseRequest { Protocol = 1, FreeSlots = 1, WaitSeconds = 0 }, Wire.LeaseRequest));
            var a = Assert.Single((await l.Content.ReadFromJsonAsync(Wire.LeaseResponse))!.Assignments);
            var trial = $"trials/{a.TrialId}";

            await Expect(HttpStatusCode.OK, HttpMethod.Post, trial + "/reports", Report(a, 1), changes: true);
            await ExpectDecision(trial + "/reports", Report(a, 1), duplicate: true);
            await Expect(HttpStatusCode.Conflict, HttpMethod.Post, trial + "/reports", Report(a, 2, token: a.FencingToken + 1));
            await Expect(HttpStatusCode.Conflict, HttpMethod.Post, trial + "/reports", Report(a, 2, attempt: a.Attempt + 1));
            await Expect(HttpStatusCode.BadRequest, HttpMethod.Post, trial + "/reports", Raw("""{"protocol":1,"attempt":1,"fencingToken":""", "application/json"));
            await Expect(HttpStatusCode.BadRequest, HttpMethod.Post, trial + "/reports", Raw("""{"protocol":9,"attempt":1,"fencingToken":1,"report":{"step":3,"values":{}}}""", "application/json"));
            await Expect(HttpStatusCode.RequestEntityTooLarge, HttpMethod.Post, trial + "/reports", Raw(new string(' ', 2 << 20) + "{}", "application/json"));
            await Expect(HttpStatusCode.NotFound, HttpMethod.Post, $"trials/{sweepId}.999/reports", Report(a, 2));
            await Expect(HttpStatusCode.NotFound, HttpMethod.Post, "trials/no-such-trial/complete", Json(new CompleteRequest { Protocol = 1, Attempt = 1, FencingToken = 1 }, Wire.CompleteRequest));
            await Expect(HttpStatusCode.NotFound, HttpMethod.Post, "workers/nobody/lease", Json(new LeaseRequest { Protocol = 1, FreeSlots = 1, WaitSeconds = 0 }, Wire.LeaseRequest));
            await Expect(HttpStatusCode.Forbidden, HttpMethod.Post, "sweeps", Raw("sweep { name = x }", "text/plain"));
            await Expect(HttpStatusCode.Forbidden, HttpMethod.Post, $"sweeps/{sweepId}/cancel", Raw("", "text/plain"));
            await Expect(HttpStatusCode.Unauthorized, HttpMethod.Post, trial + "/reports", Report(a, 2), token: "stale-token");

            var complete = Json(new CompleteRequest { Protocol = 1, Attempt = a.Attempt, FencingToken = a.FencingToken }, Wire.CompleteRequest);
            await Expect(HttpStatusCode.OK, HttpMethod.Post, trial + "/complete", complete, changes: true);
            await ExpectDecision(trial + "/complete", Json(new CompleteRequest { Protocol = 1, Attempt = a.Attempt, FencingToken = a.FencingToken }, Wire.CompleteRequest), duplicate: true);
            await Expect(HttpStatusCode.Conflict, HttpMethod.Post, trial + "/reports", Report(a, 5));
            await Expect(HttpStatusCode.Conflict, HttpMethod.Post, trial + "/fail", Json(new FailRequest { Protocol = 1, Attempt = a.Attempt, FencingToken = a.FencingToken + 7, Error = "late" }, Wire.FailRequest));
        }

        private async Task<string> SnapshotAsync()
        {
            await host.CaughtUpAsync(CancellationToken.None); // the read model follows the journal
            var store = host.Store;
            var trials = await store.GetTrialsAsync(sweepId, CancellationToken.None);
            var metrics = await store.GetMetricsAsync(sweepId, CancellationToken.None);
            var sweep = await store.GetSweepAsync(sweepId, CancellationToken.None);
            return JsonSerializer.Serialize(new { trials = trials.Select(t => t.ToString()), metrics = metrics.Select(m => m.ToString()), sweep = sweep?.ToString() });
        }

        private async Task Expect(HttpStatusCode status, HttpMethod method, string path, HttpContent body, bool changes = false, string token = WorkerToken)
        {
            var before = await SnapshotAsync();
            using var res = await Send(method, path, body, token);
            Assert.True(status == res.StatusCode, $"{method} {path}: expected {status}, got {res.StatusCode} {await res.Content.ReadAsStringAsync()}");
            if ((int)status >= 400)
            {
                Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
            }

            if (!changes)
            {
                Assert.Equal(before, await SnapshotAsync());
            }
        }

        private async Task ExpectDecision(string path, HttpContent body, bool duplicate)
        {
            var before = await SnapshotAsync();
            using var res = await Send(HttpMethod.Post, path, body);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            Assert.Equal(duplicate, (await res.Content.ReadFromJsonAsync(Wire.DecisionResponse))!.Duplicate);
            Assert.Equal(before, await SnapshotAsync());
        }

        private static HttpContent Report(TrialAssignment a, long step, long? token = null, int? attempt = null) =>
            Json(new ReportRequest
            {
                Protocol = 1, Attempt = attempt ?? a.Attempt, FencingToken = token ?? a.FencingToken,
                Report = new MetricReport(step, new Dictionary<string, double> { ["val_loss"] = 1.0 / (step + 1) }),
            }, Wire.ReportRequest);

        private static HttpContent Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
            new StringContent(JsonSerializer.Serialize(value, type), Encoding.UTF8, "application/json");

        private static HttpContent Raw(string text, string type) => new StringContent(text, Encoding.UTF8, type);

        private Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpContent body, string token = WorkerToken)
        {
            var req = new HttpRequestMessage(method, path) { Content = body };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return http.SendAsync(req);
        }
    }
}
