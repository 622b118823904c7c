using System.Net;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class TokenFilterTests
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    private static RegisterWorkerRequest Reg() => new() { Protocol = ProtocolVersion.Current, Name = "w", Slots = 1 };

    [Fact]
    public async Task Register_WithoutToken_Returns401Problem()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "workers", Reg(), Wire.RegisterWorkerRequest, token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Equal("Bearer", res.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("Authorization", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Empty(f.Broker.Registered);
    }

    [Fact]
    public async Task Register_WrongToken_Returns401Problem()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "workers", Reg(), Wire.RegisterWorkerRequest, token: "worker-secreT"));
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        Assert.Equal("invalid bearer token", (await ApiFixture.ProblemAsync(res)).Detail);
    }

    [Fact]
    public async Task Register_AdminToken_Returns403Problem()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "workers", Reg(), Wire.RegisterWorkerRequest, token: ApiFixture.AdminToken));
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Equal(403, (await ApiFixture.ProblemAsync(res)).Status);
    }

    [Fact]
    public async Task SubmitSweep_WorkerToken_Returns403AndSubmitsNothing()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Raw(HttpMethod.Post, "sweeps", "name = x", "text/plain", ApiFixture.WorkerToken));
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Empty(f.Sweeps.Submitted);
    }

    [Fact]
    public async Task CancelSweep_WorkerToken_Returns403AndCancelsNothing()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Raw(HttpMethod.Post, "sweeps/demo/cancel", "", "text/plain", ApiFixture.WorkerToken));
        Assert.Equal(HttpStatusCode.Forbidden, res.StatusCode);
        Assert.Empty(f.Sweeps.Cancelled);
    }

    [Fact]
    public async Task ListSweeps_ReadOpenWithoutToken_Returns200()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Get("sweeps", token: null));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
    }

    [Fact]
    public async Task ListSweeps_ReadRequiresTokenWithoutToken_Returns401()
    {
        await using var f = await ApiFixture.StartAsync(new ApiOptions { ReadRequiresToken = true });
        using var res = await f.Client.SendAsync(ApiFixture.Get("sweeps", token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
        using var ok = await f.Client.SendAsync(ApiFixture.Get("sweeps", ApiFixture.WorkerToken));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Healthz_WithoutToken_Returns200()
    {
        await using var f = await ApiFixture.StartAsync(new ApiOptions { ReadRequiresToken = true });
        using var res = await f.Client.SendAsync(ApiFixture.Get("healthz", token: null));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
    }

    [Fact]
    public void Build_NonLoopbackWithoutTokens_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => ApiHost.Build(new ApiOptions { Listen = "http://0.0.0.0:0" }, new FakeBroker()));
        Assert.Contains("cluster.listen", e.Message, StringComparison.Ordinal);
    }
}
