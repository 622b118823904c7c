using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text.Json;
using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.GpuWorker.Tests.Agent;

public sealed class AgentHealthServerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Endpoints_RealAgent_ReadyOnceRegisteredThenDrainingAfterShutdownWhileLive()
    {
        await using var h = await AgentHarness.StartAsync();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Broker.Offer("t1", Path.Combine(h.CoordinatorDir, "t1"));
        h.Run(new ScriptedTrainer
        {
            Steps = 2,
            BeforeReport = async (step, ct) =>
            {
                reached.TrySetResult();
                await release.Task; // a long evaluation: the stop request is seen only when the test releases it
                ct.ThrowIfCancellationRequested();
            },
        });
        await using var server = await AgentHealthServer.StartAsync("http://127.0.0.1:0", h.Agent!.Health);
        using var client = new HttpClient { BaseAddress = AgentHealthServer.BaseAddress(server) };

        var ready = await PollAsync(client, AgentHealthServer.ReadinessPath, HttpStatusCode.OK);
        var live = await GetAsync(client, AgentHealthServer.LivenessPath);
        await reached.Task.WaitAsync(Bound);
        var stopping = h.StopAsync();
        var drainingReady = await PollAsync(client, AgentHealthServer.ReadinessPath, HttpStatusCode.ServiceUnavailable);
        var drainingLive = await GetAsync(client, AgentHealthServer.LivenessPath);
        release.SetResult();

        Assert.Equal("ok", ready.Status);
        Assert.Equal((HttpStatusCode.OK, "ok"), (live.Code, live.Status));
        Assert.Equal("draining", drainingReady.Status);
        Assert.Equal((HttpStatusCode.OK, "draining"), (drainingLive.Code, drainingLive.Status));
        Assert.Equal(0, await stopping);
        Assert.True(Assert.Single(h.Broker.Failures).Interrupted);
    }

    [Fact]
    public async Task Liveness_NoProgressPastTheLimit_ServiceUnavailableWithJson()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var health = new AgentHealth(time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        health.Registered(TimeSpan.FromSeconds(5));
        await using var server = await AgentHealthServer.StartAsync("http://127.0.0.1:0", health);
        using var client = new HttpClient { BaseAddress = AgentHealthServer.BaseAddress(server) };

        time.Advance(TimeSpan.FromMinutes(5));
        var live = await GetAsync(client, AgentHealthServer.LivenessPath);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "wedged"), (live.Code, live.Status));
    }

    [Fact]
    public async Task StartAsync_PortInUse_ErrorNamesTheOption()
    {
        var health = new AgentHealth(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
        await using var first = await AgentHealthServer.StartAsync("http://127.0.0.1:0", health);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AgentHealthServer.StartAsync(AgentHealthServer.BaseAddress(first).GetLeftPart(UriPartial.Authority), health));

        Assert.StartsWith("--health-listen:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8081", true)]
    [InlineData("http://*:8081", true)]
    [InlineData("http://10.0.0.5:9000", true)]
    [InlineData("http://0.0.0.0", false)]
    [InlineData("https://0.0.0.0:8081", false)]
    [InlineData("http://0.0.0.0:8081/health", false)]
    [InlineData("8081", false)]
    public void Validate_Listen_AcceptsHttpUrlsWithPortOnly(string listen, bool valid)
    {
        Assert.Equal(valid, AgentHealthServer.Validate(listen) is null);
    }

    private static async Task<(HttpStatusCode Code, string? Status)> GetAsync(HttpClient client, string path)
    {
        using var res = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal("application/json", res.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        return (res.StatusCode, json.RootElement.GetProperty("status").GetString());
    }

    private static async Task<(HttpStatusCode Code, string? Status)> PollAsync(HttpClient client, string path, HttpStatusCode want)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            var answer = await GetAsync(client, path);
            if (answer.Code == want)
            {
                return answer;
            }

            await Task.Delay(10, timeout.Token);
        }
    }
}
