using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class CheckpointEndpointsTests : IDisposable
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;
    private readonly string _dir = Directory.CreateTempSubdirectory("sweep-ckpt-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Tar(params (string Name, string Text)[] files)
    {
        using var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, text) in files)
            {
                w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) });
            }
        }

        return ms.ToArray();
    }

    private static HttpRequestMessage Put(string path, byte[] body, int attempt = 1, long token = 7, string? sha = null)
    {
        var req = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(body) };
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFixture.WorkerToken);
        req.Headers.Add(WireHeaders.Attempt, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        req.Headers.Add(WireHeaders.FencingToken, token.ToString(System.Globalization.CultureInfo.InvariantCulture));
        req.Headers.Add(WireHeaders.Sha256, sha ?? Convert.ToHexStringLower(SHA256.HashData(body)));
        return req;
    }

    private Task<ApiFixture> LeasedAsync(ApiOptions? options = null) => ApiFixture.LeasedAsync(_dir, options);

    private static HttpRequestMessage Get(string path, int? attempt = 1, long token = 7)
    {
        var req = ApiFixture.Get(path);
        if (attempt is { } a)
        {
            req.Headers.Add(WireHeaders.Attempt, a.ToString(System.Globalization.CultureInfo.InvariantCulture));
            req.Headers.Add(WireHeaders.FencingToken, token.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return req;
    }

    [Fact]
    public async Task Upload_ValidTar_ReplacesCheckpointDirectory()
    {
        await using var f = await LeasedAsync();
        Directory.CreateDirectory(Path.Combine(_dir, "best"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "best", "old.bin"), "old");
        using var res = await f.Client.SendAsync(Put("trials/t1/checkpoints/best", Tar(("model.bin", "weights"), ("sub/meta.json", "{}"))));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("weights", await File.ReadAllTextAsync(Path.Combine(_dir, "best", "model.bin")));
        Assert.True(File.Exists(Path.Combine(_dir, "best", "sub", "meta.json")));
        Assert.False(File.Exists(Path.Combine(_dir, "best", "old.bin")));
        Assert.Equal(["best"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Upload_ShaMismatch_Returns400AndKeepsOldCheckpoint()
    {
        await using var f = await LeasedAsync();
        Directory.CreateDirectory(Path.Combine(_dir, "last"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "last", "old.bin"), "old");
        using var res = await f.Client.SendAsync(Put("trials/t1/checkpoints/last", Tar(("model.bin", "w")), sha: new string('0', 64)));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal(WireHeaders.Sha256, (await ApiFixture.ProblemAsync(res)).Field);
        Assert.True(File.Exists(Path.Combine(_dir, "last", "old.bin")));
        Assert.Equal(["last"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Upload_StaleFencingToken_Returns409AndWritesNothing()
    {
        await using var f = await LeasedAsync();
        using var res = await f.Client.SendAsync(Put("trials/t1/checkpoints/last", Tar(("m", "w")), token: 6));
        Assert.Equal(HttpStatusCode.Conflict, res.StatusCode);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Upload_UnknownTrial_Returns404()
    {
        await using var f = await LeasedAsync();
        using var res = await f.Client.SendAsync(Put("trials/nope/checkpoints/last", Tar(("m", "w"))));
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
    }

    [Fact]
    public async Task Upload_OverLimit_Returns413AndWritesNothing()
    {
        await using var f = await LeasedAsync(new ApiOptions { MaxCheckpointBytes = 2048 });
        using var res = await f.Client.SendAsync(Put("trials/t1/checkpoints/last", Tar(("m", new string('x', 4096)))));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, res.StatusCode);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Upload_NotAnArchive_Returns400NamingBody()
    {
        await using var f = await LeasedAsync();
        using var res = await f.Client.SendAsync(Put("trials/t1/checkpoints/last", "hello"u8.ToArray()));
        Assert.Equal("body", (await ApiFixture.ProblemAsync(res)).Field);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public async Task Upload_BadKind_Returns400NamingKind()
    {
        await using var f = await LeasedAsync();
        using var res = await f.Client.SendAsync(Put("trials/t1/checkpoints/other", Tar(("m", "w"))));
        Assert.Equal("kind", (await ApiFixture.ProblemAsync(res)).Field);
    }

    [Fact]
    public async Task Download_AfterUpload_ReturnsSameFilesWithHash()
    {
        await using var f = await LeasedAsync();
        using (var up = await f.Client.SendAsync(Put("trials/t1/checkpoints/last", Tar(("model.bin", "abc")))))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        }

        using var res = await f.Client.SendAsync(Get("trials/t1/checkpoints/last"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), res.Headers.GetValues(WireHeaders.Sha256).Single());
        var outDir = Path.Combine(_dir, "x");
        Directory.CreateDirectory(outDir);
        await TarFile.ExtractToDirectoryAsync(new MemoryStream(bytes), outDir, false);
        Assert.Equal("abc", await File.ReadAllTextAsync(Path.Combine(outDir, "model.bin")));
    }

    [Fact]
    public async Task Download_StaleFencingToken_Returns409ProblemNamingTheToken()
    {
        await using var f = await LeasedAsync();
        Directory.CreateDirectory(Path.Combine(_dir, "last"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "last", "model.bin"), "abc");
        using var res = await f.Client.SendAsync(Get("trials/t1/checkpoints/last", token: 6));
        Assert.Equal(HttpStatusCode.Conflict, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WireHeaders.FencingToken, (await ApiFixture.ProblemAsync(res)).Field);
        using var oldAttempt = await f.Client.SendAsync(Get("trials/t1/checkpoints/last", attempt: 2));
        Assert.Equal(HttpStatusCode.Conflict, oldAttempt.StatusCode);
    }

    [Fact]
    public async Task Download_NoAttemptHeaders_Returns400NamingTheAttempt()
    {
        await using var f = await LeasedAsync();
        Directory.CreateDirectory(Path.Combine(_dir, "last"));
        using var res = await f.Client.SendAsync(Get("trials/t1/checkpoints/last", attempt: null));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal(WireHeaders.Attempt, (await ApiFixture.ProblemAsync(res)).Field);
    }
}
