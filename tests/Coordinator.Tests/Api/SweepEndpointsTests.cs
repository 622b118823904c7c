using System.Net;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class SweepEndpointsTests
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    [Fact]
    public async Task Submit_HoconText_Returns201WithSummary()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Raw(HttpMethod.Post, "sweeps", "name = demo", "application/hocon", ApiFixture.AdminToken));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        Assert.Equal("demo", (await res.Content.ReadFromJsonAsync(Wire.SweepSummary))!.Id);
        Assert.Equal(["name = demo"], f.Sweeps.Submitted);
    }

    [Fact]
    public async Task Submit_JsonEnvelope_PassesTextAndSource()
    {
        await using var f = await ApiFixture.StartAsync();
        var req = new SubmitSweepRequest { Protocol = 1, Sweep = "bad = 1", Source = "s.hocon" };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "sweeps", req, Wire.SubmitSweepRequest, ApiFixture.AdminToken));
        Assert.Equal((HttpStatusCode)422, res.StatusCode);
        var p = await ApiFixture.ProblemAsync(res);
        Assert.Equal("s.hocon:3:7", p.Field);
        Assert.Equal("search.lr: expected a list", p.Detail);
    }

    [Fact]
    public async Task Submit_WrongProtocolHeader_Returns400()
    {
        await using var f = await ApiFixture.StartAsync();
        var req = ApiFixture.Raw(HttpMethod.Post, "sweeps", "name = demo", "text/plain", ApiFixture.AdminToken);
        req.Headers.Add(WireHeaders.Protocol, "2");
        using var res = await f.Client.SendAsync(req);
        Assert.Equal(WireHeaders.Protocol, (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Empty(f.Sweeps.Submitted);
    }

    [Fact]
    public async Task Get_UnknownSweep_Returns404()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Get("sweeps/other"));
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
    }

    [Fact]
    public async Task Cancel_AdminToken_CancelsSweep()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Raw(HttpMethod.Post, "sweeps/demo/cancel", "", "text/plain", ApiFixture.AdminToken));
        Assert.Equal("cancelled", (await res.Content.ReadFromJsonAsync(Wire.SweepSummary))!.State);
        Assert.Equal(["demo"], f.Sweeps.Cancelled);
    }

    [Fact]
    public async Task Leaderboard_Csv_QuotesCellsAndAddsParameterColumns()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Get("sweeps/demo/leaderboard?format=csv&top=2"));
        var lines = (await res.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("rank,trial,status,best_val_loss,best_step,duration_s,checkpoint,lr", lines[0]);
        Assert.Equal("1,\"a,b\",completed,0.25,100,,,0.01", lines[1]);
        Assert.Equal("2,c,stopped,0.5,50,,,", lines[2]);
    }

    [Fact]
    public async Task Leaderboard_Top1Json_ReturnsOneRow()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Get("sweeps/demo/leaderboard?top=1"));
        Assert.Equal("a,b", Assert.Single((await res.Content.ReadFromJsonAsync(Wire.LeaderboardPage))!.Rows).TrialKey);
    }

    [Theory]
    [InlineData("top=0", "top")]
    [InlineData("top=abc", "top")]
    [InlineData("format=xml", "format")]
    public async Task Leaderboard_BadQuery_Returns400NamingParameter(string query, string field)
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Get("sweeps/demo/leaderboard?" + query));
        Assert.Equal(field, (await ApiFixture.ProblemAsync(res)).Field);
    }

    [Fact]
    public async Task Metrics_AfterRegistration_ExportsTrialsWorkersAndExpiredLeases()
    {
        await using var f = await ApiFixture.StartAsync();
        await f.RegisterAsync();
        var text = await f.Client.GetStringAsync("metrics");
        Assert.Contains($"{MetricNames.Trials}{{sweep=\"demo\",state=\"pending\"}} 4\n", text, StringComparison.Ordinal);
        Assert.Contains($"{MetricNames.Workers} 1\n", text, StringComparison.Ordinal);
        Assert.Contains($"{MetricNames.LeasesExpiredTotal} 3\n", text, StringComparison.Ordinal);
        Assert.All(MetricNames.All, n => Assert.Contains($"# TYPE {n} ", text, StringComparison.Ordinal));
    }
}
