using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// <c>logs TRIAL --coordinator URL</c>: an attempt's logs from the coordinator's artifact store
/// (<c>GET /api/v1/trials/{id}/logs[/{attempt}/{file}?offset=N]</c>); <c>--follow</c> polls for new bytes until the trial ends.
/// </summary>
internal sealed class RemoteLogs(CliContext context, Uri coordinator, string? token, TimeSpan interval) : IDisposable
{
    private static readonly string[] Ended = ["completed", "stopped", "failed", "dead", "cancelled"];
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri(coordinator, coordinator.AbsolutePath.TrimEnd('/') + "/api/v1/"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Prints the logs; the exit code.</summary>
    public async Task<int> RunAsync(string trialId, int? attempt, bool follow, CancellationToken ct)
    {
        var index = await IndexAsync(trialId, ct);
        var attempts = index.Files.Select(f => f.Attempt).Distinct().Order().ToList();
        var chosen = attempt ?? (attempts.Contains(index.Attempt) || follow || attempts.Count == 0 ? index.Attempt : attempts[^1]);
        if (!follow && !attempts.Contains(chosen))
        {
            var have = attempts.Count == 0 ? "no logs yet" : "logs for attempt(s) " + string.Join(", ", attempts);
            if (attempt is not null)
                throw new ConfigException($"--attempt: trial '{trialId}' has {have}");
            await context.Error.WriteLineAsync($"trial '{trialId}' has {have} (on {coordinator})");
            return 0;
        }

        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var text = new LogText();
        string? current = null;
        while (true)
        {
            var ended = !follow || Ended.Contains(index.Status) || (attempt is not null && index.Attempt > chosen);
            var files = index.Files.Where(f => f.Attempt == chosen && f.Size > 0).ToList();
            var last = ended || index.Attempt > chosen; // chosen's files will not grow: a cut character is printed now
            foreach (var file in files)
            {
                var from = offsets.GetValueOrDefault(file.Name);
                var bytes = file.Size > from ? await ReadAsync(trialId, chosen, file, from, ct) : [];
                offsets[file.Name] = from + bytes.Length;
                var chunk = text.Decode(file.Name, bytes, flush: last);
                if (chunk.Length == 0)
                    continue;
                if (current != file.Name && (follow || files.Count > 1))
                    await context.Out.WriteLineAsync($"==> attempt {chosen}: {file.Name} <==");
                current = file.Name;
                await context.Out.WriteAsync(chunk);
            }

            await context.Out.FlushAsync(ct);
            if (ended)
                return 0;
            if (index.Attempt > chosen)
            {
                (chosen, current) = (index.Attempt, null);
                offsets.Clear();
                text.Clear();
                continue;
            }

            await Task.Delay(interval, context.Time, ct);
            index = await IndexAsync(trialId, ct);
        }
    }

    private async Task<TrialLogIndex> IndexAsync(string trialId, CancellationToken ct)
    {
        var bytes = await GetAsync($"trials/{Uri.EscapeDataString(trialId)}/logs", trialId, ct);
        return System.Text.Json.JsonSerializer.Deserialize(bytes, WireJsonContext.Default.TrialLogIndex)
            ?? throw new ConfigException($"--coordinator: {coordinator} sent an empty log index");
    }

    /// <summary>The file's bytes from <paramref name="offset"/> up to the size the index gave (several reads when large).</summary>
    private async Task<byte[]> ReadAsync(string trialId, int attempt, TrialLogFile file, long offset, CancellationToken ct)
    {
        using var all = new MemoryStream();
        while (offset + all.Length < file.Size)
        {
            var part = await GetAsync($"trials/{Uri.EscapeDataString(trialId)}/logs/{attempt.ToString(CultureInfo.InvariantCulture)}/{Uri.EscapeDataString(file.Name)}?offset={(offset + all.Length).ToString(CultureInfo.InvariantCulture)}", trialId, ct);
            if (part.Length == 0)
                break;
            all.Write(part);
        }

        return all.ToArray();
    }

    private async Task<byte[]> GetAsync(string path, string trialId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ConfigException($"--coordinator: cannot reach {coordinator}: {e.Message}");
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            return response.StatusCode switch
            {
                HttpStatusCode.OK => body,
                HttpStatusCode.NotFound => throw new ConfigException($"trial: no trial '{trialId}' on {coordinator} (give its id as the leaderboard's trialId shows it)"),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => throw new ConfigException($"--token: {coordinator} refused it (HTTP {(int)response.StatusCode})"),
                _ => throw new ConfigException($"--coordinator: {coordinator} answered HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}"),
            };
        }
    }

    public void Dispose() => _http.Dispose();
}
