using System.Net;
using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary>Builds the coordinator's web application: Kestrel on <see cref="ApiOptions.Listen"/>, everything under <c>/api/v1</c>.</summary>
internal static class ApiHost
{
    /// <summary>Creates (does not start) the web application over a broker and a sweep runtime.</summary>
    public static WebApplication Build(ApiOptions options, ITrialBroker broker, ISweepAdmin? sweeps = null, TimeProvider? time = null)
    {
        CheckExposure(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = Math.Max(options.MaxCheckpointBytes, options.MaxJsonBytes);
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var state = new ApiState(options, broker, sweeps ?? new NoSweepAdmin(), time ?? TimeProvider.System);
        app.Use(GuardAsync);
        var api = app.MapGroup("/api/v1");
        WorkerEndpoints.Map(api, state);
        TrialEndpoints.Map(api, state);
        CheckpointEndpoints.Map(api, state);
        LogEndpoints.Map(api, state);
        SweepEndpoints.Map(api, state);
        MetricsEndpoint.Map(api, state);
        app.MapFallback((HttpContext ctx) => Problems.NotFound("path", $"no endpoint {ctx.Request.Method} {ctx.Request.Path}"));
        return app;
    }

    /// <summary>Types a handler that takes only the context as a route handler (its result is written), not a RequestDelegate.</summary>
    public static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    /// <summary>The base URL the started application listens on (with the real port when the configured one was 0).</summary>
    public static Uri BaseAddress(WebApplication app) => new(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/api/v1/");

    /// <summary>Null when the optional <c>X-Sweep-Protocol</c> header is absent or current; else a 400 problem.</summary>
    public static ProblemResult? CheckProtocolHeader(HttpRequest request)
    {
        var h = request.Headers[WireHeaders.Protocol].ToString();
        return h.Length == 0 || h == ProtocolVersion.Current.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ? null
            : Problems.BadRequest(WireHeaders.Protocol, $"protocol version {h} is not supported; this coordinator speaks {ProtocolVersion.Current}");
    }

    /// <summary>Refuses to listen beyond loopback without both tokens.</summary>
    private static void CheckExposure(ApiOptions options)
    {
        if (!Uri.TryCreate(options.Listen.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"cluster.listen: not a URL: {options.Listen}");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback && (string.IsNullOrEmpty(options.WorkerToken) || string.IsNullOrEmpty(options.AdminToken)))
        {
            throw new ArgumentException($"cluster.listen: {options.Listen} is not loopback; set both the worker and the admin token");
        }
    }

    /// <summary>Turns body-size rejections and unexpected exceptions into problem+json without stack traces.</summary>
    private static async Task GuardAsync(HttpContext ctx, RequestDelegate next)
    {
        try
        {
            await next(ctx);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            await Problems.Make(e.StatusCode, "Bad request", e.Message, e.StatusCode == 413 ? "body" : null).ExecuteAsync(ctx);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // the client went away (e.g. a worker cancelled its lease poll)
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            ctx.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("SweepCluster.Api").LogError(e, "request {Path} failed", ctx.Request.Path);
            await Problems.Make(500, "Internal error", "the coordinator failed to handle the request; see its log", null).ExecuteAsync(ctx);
        }
    }
}
