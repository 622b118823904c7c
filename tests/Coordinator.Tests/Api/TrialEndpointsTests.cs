using System.Net;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class TrialEndpointsTests
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    private static ReportRequest Report(long step = 10, int protocol = ProtocolVersion.Current) => new()
    {
        Protocol = protocol,
        Attempt = 1,
        FencingToken = 7,
        Report = new MetricReport(step, new Dictionary<string, double> { ["val_loss"] = 0.5 }),
    };

    [Theory]
    [InlineData((int)BrokerAnswer.Continue, HttpStatusCode.OK, "Continue", false)]
    [InlineData((int)BrokerAnswer.Stop, HttpStatusCode.OK, "Stop", false)]
    [InlineData((int)BrokerAnswer.Duplicate, HttpStatusCode.OK, "Continue", true)]
    [InlineData((int)BrokerAnswer.Stale, HttpStatusCode.Conflict, null, false)]
    [InlineData((int)BrokerAnswer.Unknown, HttpStatusCode.NotFound, null, false)]
    public async Task Report_BrokerAnswer_MapsToStatusAndDecision(int answer, HttpStatusCode status, string? decision, bool duplicate)
    {
        await using var f = await ApiFixture.StartAsync();
        f.Broker.NextAnswer = (BrokerAnswer)answer;
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t1/reports", Report(), Wire.ReportRequest));
        Assert.Equal(status, res.StatusCode);
        if (decision is null)
        {
            Assert.Equal((int)status, (await ApiFixture.ProblemAsync(res)).Status);
            return;
        }

        var body = (await res.Content.ReadFromJsonAsync(Wire.DecisionResponse))!;
        Assert.Equal(decision, body.Decision.ToString());
        Assert.Equal(duplicate, body.Duplicate);
        var (trial, report) = Assert.Single(f.Broker.Reports);
        Assert.Equal(new TrialRef("t1", 1, 7), trial);
        Assert.Equal(10, report.Step);
    }

    [Fact]
    public async Task Report_MalformedJson_Returns400AndChangesNothing()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Raw(HttpMethod.Post, "trials/t1/reports", """{"protocol":1,"attempt":1,"fencingToken":""", "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.StartsWith("malformed JSON", (await ApiFixture.ProblemAsync(res)).Detail, StringComparison.Ordinal);
        Assert.Equal(0, f.Broker.Calls);
    }

    [Fact]
    public async Task Report_StepOfWrongType_Returns400NamingTheField()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Raw(HttpMethod.Post, "trials/t1/reports",
            """{"protocol":1,"attempt":1,"fencingToken":7,"report":{"step":"ten","values":{}}}""", "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("$.report.step", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Equal(0, f.Broker.Calls);
    }

    [Fact]
    public async Task Report_MissingReport_Returns400NamingReport()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t1/reports", Report() with { Report = null }, Wire.ReportRequest));
        Assert.Equal("$.report", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Equal(0, f.Broker.Calls);
    }

    [Fact]
    public async Task Report_NegativeStep_Returns400NamingStep()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t1/reports", Report(step: -1), Wire.ReportRequest));
        Assert.Equal("$.report.step", (await ApiFixture.ProblemAsync(res)).Field);
    }

    [Fact]
    public async Task Report_OtherProtocolVersion_Returns400NamingProtocol()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t1/reports", Report(protocol: 99), Wire.ReportRequest));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("$.protocol", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Equal(0, f.Broker.Calls);
    }

    [Fact]
    public async Task Report_OversizedBody_Returns413AndChangesNothing()
    {
        await using var f = await ApiFixture.StartAsync(new ApiOptions { MaxJsonBytes = 1024 });
        var big = Report() with { Report = new MetricReport(1, Enumerable.Range(0, 200).ToDictionary(i => "metric_" + i, i => (double)i)) };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t1/reports", big, Wire.ReportRequest));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
        Assert.Equal("body", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Equal(0, f.Broker.Calls);
    }

    [Fact]
    public async Task Report_TextContentType_Returns415()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Raw(HttpMethod.Post, "trials/t1/reports", "{}", "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, res.StatusCode);
    }

    [Fact]
    public async Task Complete_Stopped_PassesStoppedFlag()
    {
        await using var f = await ApiFixture.StartAsync();
        var req = new CompleteRequest { Protocol = 1, Attempt = 2, FencingToken = 3, Stopped = true };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t9/complete", req, Wire.CompleteRequest));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal((new TrialRef("t9", 2, 3), true), Assert.Single(f.Broker.Completions));
    }

    [Fact]
    public async Task Complete_ZeroAttempt_Returns400NamingAttempt()
    {
        await using var f = await ApiFixture.StartAsync();
        var req = new CompleteRequest { Protocol = 1, Attempt = 0, FencingToken = 3 };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t9/complete", req, Wire.CompleteRequest));
        Assert.Equal("$.attempt", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Empty(f.Broker.Completions);
    }

    [Fact]
    public async Task Fail_Interrupted_PassesFlagAndError()
    {
        await using var f = await ApiFixture.StartAsync();
        var req = new FailRequest { Protocol = 1, Attempt = 1, FencingToken = 3, Error = "shutdown", Interrupted = true };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t9/fail", req, Wire.FailRequest));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var (_, error, interrupted) = Assert.Single(f.Broker.Failures);
        Assert.Equal("shutdown", error);
        Assert.True(interrupted);
    }

    [Fact]
    public async Task Fail_EmptyError_Returns400NamingError()
    {
        await using var f = await ApiFixture.StartAsync();
        var req = new FailRequest { Protocol = 1, Attempt = 1, FencingToken = 3, Error = " " };
        using var res = await f.Client.SendAsync(ApiFixture.Json(HttpMethod.Post, "trials/t9/fail", req, Wire.FailRequest));
        Assert.Equal("$.error", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Empty(f.Broker.Failures);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Get("nothing/here"));
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("path", (await ApiFixture.ProblemAsync(res)).Field);
    }
}
