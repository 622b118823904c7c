using System.Net;
using System.Net.Http.Json;
using System.Text;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class LogEndpointsTests : IDisposable
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;
    private readonly string _dir = Directory.CreateTempSubdirectory("sweep-logs-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static HttpRequestMessage Put(string path, string text, long token = 7)
    {
        var req = ApiFixture.Raw(HttpMethod.Put, path, text, "text/plain");
        req.Headers.Add(WireHeaders.FencingToken, token.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return req;
    }

    private Task<ApiFixture> LeasedAsync() => ApiFixture.LeasedAsync(_dir);

    [Fact]
    public async Task Append_ThenRetryAtEarlierOffset_StoresInArtifactStoreAndReplacesTail()
    {
        await using var f = await LeasedAsync();
        var sizes = new List<long>();
        foreach (var (offset, text) in new[] { (0, "ab\n"), (3, "cd\n"), (3, "CD\n") })
        {
            using var res = await f.Client.SendAsync(Put($"trials/t1/logs/1/stdout.log?offset={offset}", text));
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            sizes.Add((await res.Content.ReadFromJsonAsync(Wire.LogReceipt))!.Size);
        }

        Assert.Equal([3L, 6L, 6L], sizes);

        Assert.Equal("ab\nCD\n", await File.ReadAllTextAsync(Path.Combine(_dir, "logs", "attempt-1", "stdout.log")));
        var index = await f.Client.GetFromJsonAsync("trials/t1/logs", Wire.TrialLogIndex);
        Assert.Equal(new TrialLogFile(1, "stdout.log", 6), Assert.Single(index!.Files));
        Assert.Equal(1, index.Attempt);
        Assert.Equal("CD\n", await f.Client.GetStringAsync("trials/t1/logs/1/stdout.log?offset=3"));
    }

    [Fact]
    public async Task Append_StaleFencingToken_409NamingTheHeader()
    {
        await using var f = await LeasedAsync();
        using var res = await f.Client.SendAsync(Put("trials/t1/logs/1/stdout.log?offset=0", "x\n", token: 6));
        Assert.Equal(HttpStatusCode.Conflict, res.StatusCode);
        Assert.Equal(WireHeaders.FencingToken, (await ApiFixture.ProblemAsync(res)).Field);
        Assert.False(Directory.Exists(Path.Combine(_dir, "logs")));
    }

    [Theory]
    [InlineData("trials/t1/logs/1/notes.txt?offset=0", "file")]
    [InlineData("trials/t1/logs/0/stdout.log?offset=0", "attempt")]
    [InlineData("trials/t1/logs/1/stdout.log?offset=-1", "offset")]
    [InlineData("trials/t1/logs/1/stdout.log?offset=5", "offset")]
    public async Task Append_BadRouteOrOffset_ProblemNamingTheField(string path, string field)
    {
        await using var f = await LeasedAsync();
        using var res = await f.Client.SendAsync(Put(path, "x\n"));
        Assert.True(res.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestedRangeNotSatisfiable, res.StatusCode.ToString());
        Assert.Equal(field, (await ApiFixture.ProblemAsync(res)).Field);
    }

    [Fact]
    public async Task Append_ChunkedBodyCrossesTheCap_413AndNoneOfItsBytesKept()
    {
        await using var f = await LeasedAsync();
        var dir = Path.Combine(_dir, "logs", "attempt-1");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "stdout.log");
        const long offset = LogEndpoints.MaxLogBytes - 100_000;
        await using (var existing = File.Create(path))
        {
            existing.SetLength(offset); // sparse: only the size matters
        }

        using var req = Put($"trials/t1/logs/1/stdout.log?offset={offset}", "");
        req.Content = new UnsizedContent(new byte[300_000]);
        using var res = await f.Client.SendAsync(req);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
        Assert.Equal("body", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Equal(offset, new FileInfo(path).Length);
    }

    /// <summary>A body sent without Content-Length (chunked), so the endpoint learns its size only while reading it.</summary>
    private sealed class UnsizedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var i = 0; i < bytes.Length; i += 16_384)
            {
                await stream.WriteAsync(bytes.AsMemory(i, Math.Min(16_384, bytes.Length - i)));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Append_WithoutWorkerToken_Refused()
    {
        await using var f = await LeasedAsync();
        using var req = new HttpRequestMessage(HttpMethod.Put, "trials/t1/logs/1/stdout.log?offset=0") { Content = new StringContent("x", Encoding.UTF8) };
        req.Headers.Add(WireHeaders.FencingToken, "7");
        using var res = await f.Client.SendAsync(req);
        Assert.Equal(HttpStatusCode.Unauthorized, res.StatusCode);
    }

    [Fact]
    public async Task Read_UnknownFile_404NamingFile()
    {
        await using var f = await LeasedAsync();
        using var res = await f.Client.SendAsync(ApiFixture.Get("trials/t1/logs/1/stderr.log"));
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("file", (await ApiFixture.ProblemAsync(res)).Field);
    }
}
