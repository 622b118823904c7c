using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SweepCluster.Coordinator.Tests.Api;

/// <summary>Requests refused before a handler reads them still answer problem+json naming what is wrong (issue 19, items 2 and 4).</summary>
public sealed class RejectionTests
{
    private static async Task<(HttpStatusCode Status, Messages.ApiProblem Problem)> SendAsync(HttpRequestMessage req)
    {
        await using var f = await ApiFixture.StartAsync();
        using var res = await f.Client.SendAsync(req);
        return (res.StatusCode, await ApiFixture.ProblemAsync(res));
    }

    [Theory]
    [InlineData("{\"protocol\": 1, \"name\": \"w\", \"slots\": }", "$.slots")]
    [InlineData("{\"protocol\": 1, \"name\": \"w\", \"slots\": \"two\"}", "$.slots")]
    [InlineData("{\"protocol\": 1, \"gpus\": [{\"index\": \"x\"}]}", "$.gpus[0].index")]
    [InlineData("[1, 2]", "$")]
    [InlineData("\"text\"", "$")]
    [InlineData("", "$")]
    public async Task Register_MalformedJson_400NamingThePath(string body, string field)
    {
        var (status, problem) = await SendAsync(ApiFixture.Raw(HttpMethod.Post, "workers", body, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(field, problem.Field);
    }

    [Fact]
    public async Task Register_WrongContentType_415NamingContentType()
    {
        var (status, problem) = await SendAsync(ApiFixture.Raw(HttpMethod.Post, "workers", "<worker/>", "application/xml"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal("Content-Type", problem.Field);
    }

    [Fact]
    public async Task Register_WrongMethod_ProblemNamingMethodAndPath()
    {
        var (status, problem) = await SendAsync(ApiFixture.Get("workers"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("path", problem.Field);
        Assert.Contains("GET /api/v1/workers", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPath_404NamingThePath()
    {
        var (status, problem) = await SendAsync(ApiFixture.Get("nothing/here"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("path", problem.Field);
    }

    [Fact]
    public async Task Register_ChunkedBodyOverLimit_413NamingBody()
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "workers")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"name\": \"" + new string('x', 4 << 20) + "\"}"))),
        };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        req.Headers.TransferEncodingChunked = true;
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFixture.WorkerToken);

        var (status, problem) = await SendAsync(req);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("body", problem.Field);
    }
}
