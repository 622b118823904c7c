using SweepCluster.Coordinator.Api;
using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.GpuWorker.Tests.Agent;

/// <summary>The real coordinator API on loopback over a <see cref="TestBroker"/>, and a worker agent pointed at it through a switchable handler.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _shutdown = new();
    private Task<int>? _run;

    private AgentHarness(WebApplication app, HttpClient http, SwitchHandler handler, string root, TestBroker broker)
    {
        _app = app;
        Broker = broker;
        _http = http;
        Handler = handler;
        Root = root;
    }

    public TestBroker Broker { get; }

    public SwitchHandler Handler { get; }

    public string Root { get; }

    public string CoordinatorDir => Path.Combine(Root, "coordinator");

    public string WorkDir => Path.Combine(Root, "worker");

    public WorkerAgent? Agent { get; private set; }

    public static async Task<AgentHarness> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("sweep-agent-").FullName;
        var broker = new TestBroker();
        var app = ApiHost.Build(new ApiOptions { Listen = "http://127.0.0.1:0", WorkerToken = "wt", AdminToken = "at" }, broker);
        await app.StartAsync();
        var handler = new SwitchHandler(new SocketsHttpHandler());
        var http = CoordinatorClient.CreateHttp(new Uri(ApiHost.BaseAddress(app).GetLeftPart(UriPartial.Authority)), handler);
        return new AgentHarness(app, http, handler, root, broker);
    }

    public void Run(ScriptedTrainer trainer, AgentOptions? options = null)
    {
        options = (options ?? new AgentOptions()) with
        {
            Slots = 1,
            Name = "test-worker",
            WorkDir = WorkDir,
            BackoffBase = TimeSpan.FromMilliseconds(5),
            BackoffMax = TimeSpan.FromMilliseconds(40),
            LeaseWait = TimeSpan.FromSeconds(1),
            LastUploadInterval = TimeSpan.Zero,
        };
        Agent = new WorkerAgent(options, new CoordinatorClient(_http, "wt"), _ => trainer, [], TimeProvider.System, _ => { });
        _run = Agent.RunAsync(_shutdown.Token);
    }

    public async Task<int> StopAsync()
    {
        await _shutdown.CancelAsync();
        return await _run!.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (_run is not null && !_run.IsCompleted)
        {
            await StopAsync();
        }

        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _shutdown.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>Fails every request with a connection error while <see cref="Down"/> is set.</summary>
internal sealed class SwitchHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    public volatile bool Down;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Down ? throw new HttpRequestException("simulated: connection refused") : base.SendAsync(request, cancellationToken);
}
