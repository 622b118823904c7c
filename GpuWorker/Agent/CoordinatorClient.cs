using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SweepCluster.Messages;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>One HTTP exchange with the coordinator: a status (0 when unreachable) and the body.</summary>
internal sealed record Reply(int Status, byte[] Body, string? Sha256 = null)
{
    /// <summary>No answer: connection refused, reset, timed out, or a 5xx from a proxy or a restarting coordinator.</summary>
    public bool Unreachable => Status == 0 || Status >= 500 || Status is 401 or 403 or 408 or 429;

    public bool Ok => Status is >= 200 and < 300;

    public T? As<T>(JsonTypeInfo<T> type) => Body.Length == 0 ? default : JsonSerializer.Deserialize(Body, type);
}

/// <summary>The worker's side of the <c>/api/v1</c> protocol.</summary>
internal sealed class CoordinatorClient(HttpClient http, string? token)
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static HttpClient CreateHttp(Uri coordinator, HttpMessageHandler? handler = null)
    {
        var baseUri = new Uri(coordinator, coordinator.AbsolutePath.TrimEnd('/') + "/api/v1/");
        return new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = baseUri,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Task<Reply> PostAsync<T>(string path, T body, JsonTypeInfo<T> type, CancellationToken ct, TimeSpan? timeout = null) =>
        SendAsync(HttpMethod.Post, path, new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, type))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        }, null, timeout ?? RequestTimeout, ct);

    public Task<Reply> RegisterAsync(RegisterWorkerRequest r, CancellationToken ct) => PostAsync("workers", r, Wire.RegisterWorkerRequest, ct);

    public Task<Reply> LeaseAsync(string workerId, LeaseRequest r, CancellationToken ct) =>
        PostAsync($"workers/{Uri.EscapeDataString(workerId)}/lease", r, Wire.LeaseRequest, ct, TimeSpan.FromSeconds(r.WaitSeconds + 15));

    public Task<Reply> HeartbeatAsync(string workerId, HeartbeatRequest r, CancellationToken ct) =>
        PostAsync($"workers/{Uri.EscapeDataString(workerId)}/heartbeat", r, Wire.HeartbeatRequest, ct);

    /// <summary>Uploads a tar file as a trial's best/ or last/ checkpoint.</summary>
    public async Task<Reply> UploadAsync(string trialId, string kind, int attempt, long fencingToken, string tarFile, CancellationToken ct)
    {
        string sha;
        await using (var hashInput = File.OpenRead(tarFile))
        {
            sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(hashInput, ct));
        }

        await using var input = File.OpenRead(tarFile);
        var content = new StreamContent(input) { Headers = { ContentType = new MediaTypeHeaderValue("application/x-tar") } };
        var headers = new Dictionary<string, string>
        {
            [WireHeaders.Protocol] = ProtocolVersion.Current.ToString(CultureInfo.InvariantCulture),
            [WireHeaders.Attempt] = attempt.ToString(CultureInfo.InvariantCulture),
            [WireHeaders.FencingToken] = fencingToken.ToString(CultureInfo.InvariantCulture),
            [WireHeaders.Sha256] = sha,
        };
        return await SendAsync(HttpMethod.Put, $"trials/{Uri.EscapeDataString(trialId)}/checkpoints/{kind}", content, headers, TimeSpan.FromMinutes(10), ct);
    }

    /// <summary>Appends <paramref name="bytes"/> at <paramref name="offset"/> to one log file of an attempt in the coordinator's store.</summary>
    public Task<Reply> AppendLogAsync(string trialId, int attempt, long fencingToken, string file, long offset, byte[] bytes, CancellationToken ct)
    {
        var headers = new Dictionary<string, string>
        {
            [WireHeaders.Protocol] = ProtocolVersion.Current.ToString(CultureInfo.InvariantCulture),
            [WireHeaders.FencingToken] = fencingToken.ToString(CultureInfo.InvariantCulture),
        };
        var content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("text/plain") } };
        var path = $"trials/{Uri.EscapeDataString(trialId)}/logs/{attempt.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(file)}?offset={offset.ToString(CultureInfo.InvariantCulture)}";
        return SendAsync(HttpMethod.Put, path, content, headers, TimeSpan.FromMinutes(2), ct);
    }

    /// <summary>Downloads a checkpoint archive (relative path from a <see cref="TrialAssignment.ResumeUrl"/>).</summary>
    public Task<Reply> DownloadAsync(string relativeUrl, int attempt, long fencingToken, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, relativeUrl, null, FencingHeaders(attempt, fencingToken), TimeSpan.FromMinutes(10), ct);

    /// <summary>The headers naming the caller's lease on checkpoint transfers.</summary>
    public static Dictionary<string, string> FencingHeaders(int attempt, long fencingToken) => new()
    {
        [WireHeaders.Attempt] = attempt.ToString(CultureInfo.InvariantCulture),
        [WireHeaders.FencingToken] = fencingToken.ToString(CultureInfo.InvariantCulture),
    };

    public async Task<Reply> SendAsync(HttpMethod method, string path, HttpContent? content, IReadOnlyDictionary<string, string>? headers, TimeSpan timeout, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, cts.Token);
            var body = await response.Content.ReadAsByteArrayAsync(cts.Token);
            var sha = response.Headers.TryGetValues(WireHeaders.Sha256, out var v) ? v.FirstOrDefault() : null;
            return new Reply((int)response.StatusCode, body, sha);
        }
        catch (HttpRequestException)
        {
            return new Reply(0, []);
        }
        catch (IOException)
        {
            return new Reply(0, []);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Reply((int)HttpStatusCode.RequestTimeout, []);
        }
    }
}
