using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>The real API on Kestrel at 127.0.0.1 on a free port, over a <see cref="FakeBroker"/> and a <see cref="FakeSweepAdmin"/>.</summary>
internal sealed class ApiFixture : IAsyncDisposable
{
    public const string WorkerToken = "worker-secret";
    public const string AdminToken = "admin-secret";

    private readonly WebApplication _app;

    private ApiFixture(WebApplication app, Uri baseAddress, FakeBroker broker, FakeSweepAdmin sweeps)
    {
        _app = app;
        Broker = broker;
        Sweeps = sweeps;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public FakeBroker Broker { get; }

    public FakeSweepAdmin Sweeps { get; }

    public HttpClient Client { get; }

    public static async Task<ApiFixture> StartAsync(ApiOptions? options = null)
    {
        options ??= new ApiOptions();
        options = options with { Listen = "http://127.0.0.1:0", WorkerToken = WorkerToken, AdminToken = AdminToken };
        var broker = new FakeBroker();
        var sweeps = new FakeSweepAdmin();
        var app = ApiHost.Build(options, broker, sweeps);
        await app.StartAsync();
        return new ApiFixture(app, ApiHost.BaseAddress(app), broker, sweeps);
    }

    public static HttpRequestMessage Json<T>(HttpMethod method, string path, T body, JsonTypeInfo<T> type, string? token = WorkerToken) =>
        Raw(method, path, JsonSerializer.Serialize(body, type), "application/json", token);

    public static HttpRequestMessage Raw(HttpMethod method, string path, string body, string contentType, string? token = WorkerToken)
    {
        var req = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (token is not null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return req;
    }

    public static HttpRequestMessage Get(string path, string? token = WorkerToken)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return req;
    }

    public static async Task<ApiProblem> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync(WireJsonContext.Default.ApiProblem))!;
    }

    public async Task<string> RegisterAsync(string name = "w1")
    {
        var reg = new RegisterWorkerRequest { Protocol = ProtocolVersion.Current, Name = name, Slots = 2, Version = "test" };
        using var res = await Client.SendAsync(Json(HttpMethod.Post, "workers", reg, WireJsonContext.Default.RegisterWorkerRequest));
        res.EnsureSuccessStatusCode();
        return (await res.Content.ReadFromJsonAsync(WireJsonContext.Default.RegisterWorkerResponse))!.WorkerId;
    }

    /// <summary>A started API whose worker w1 holds the lease of trial t1 (attempt 1, token 7) with checkpoints in <paramref name="dir"/>.</summary>
    public static async Task<ApiFixture> LeasedAsync(string dir, ApiOptions? options = null)
    {
        var f = await StartAsync(options);
        var id = await f.RegisterAsync();
        f.Broker.Offer(Grant("t1", dir));
        using var res = await f.Client.SendAsync(Json(HttpMethod.Post, $"workers/{id}/lease",
            new LeaseRequest { Protocol = 1, FreeSlots = 1, WaitSeconds = 0 }, WireJsonContext.Default.LeaseRequest));
        Assert.Equal(System.Net.HttpStatusCode.OK, res.StatusCode);
        return f;
    }

    public static LeaseGrant Grant(string id, string checkpointDir, int attempt = 1, long token = 7, string? resumeFrom = null) => new(
        new TrialRef(id, attempt, token),
        new TrialSpec
        {
            TrialId = id,
            Task = "noop",
            Settings = JsonDocument.Parse("{}").RootElement.Clone(),
            CheckpointDir = checkpointDir,
            ResumeFrom = resumeFrom,
            Attempt = attempt,
        },
        new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
