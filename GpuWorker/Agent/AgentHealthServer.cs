using System.Net;
using System.Text.Json.Nodes;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// The agent's optional health endpoint (<c>--health-listen URL</c>): <c>GET /healthz</c> (liveness) and
/// <c>GET /readyz</c> (readiness), each 200 or 503 with a small JSON body; no authentication (they reveal nothing).
/// </summary>
internal static class AgentHealthServer
{
    /// <summary>Liveness: the agent's loops are not wedged.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Readiness: registered with the coordinator and not draining.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>Checks a <c>--health-listen</c> value: an http URL with a port (host <c>0.0.0.0</c>, <c>*</c> or an address).</summary>
    public static string? Validate(string listen)
    {
        var normalised = listen.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal);
        return Uri.TryCreate(normalised, UriKind.Absolute, out var uri) && uri.Scheme == "http" && uri.AbsolutePath == "/"
            && normalised.Contains($":{uri.Port}", StringComparison.Ordinal)
            ? null
            : $"--health-listen: an http URL with a port and no path is required, e.g. http://0.0.0.0:8081; got '{listen}'";
    }

    /// <summary>Starts Kestrel on <paramref name="listen"/> serving <paramref name="health"/>.</summary>
    public static async Task<WebApplication> StartAsync(string listen, AgentHealth health, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 0;
            k.Limits.MaxRequestHeadersTotalSize = 8 * 1024;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet(LivenessPath, () => Answer(health.Report(), r => r.Live));
        app.MapGet(ReadinessPath, () => Answer(health.Report(), r => r.Ready));
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"--health-listen: cannot listen on {listen}: {e.Message}", e);
        }

        return app;
    }

    /// <summary>The address the started endpoint listens on (the real port when the configured one was 0).</summary>
    public static Uri BaseAddress(WebApplication app) => new(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));

    private static IResult Answer(AgentHealthReport r, Func<AgentHealthReport, bool> ok)
    {
        var body = new JsonObject
        {
            ["status"] = r.Status,
            ["live"] = r.Live,
            ["ready"] = r.Ready,
            ["seconds_since_progress"] = Math.Round(r.SecondsSinceProgress, 1),
            ["limit_seconds"] = r.LimitSeconds,
        };
        return Results.Text(body.ToJsonString(), "application/json", statusCode: (int)(ok(r) ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable));
    }
}
