using System.Globalization;
using System.Text;

namespace SweepCluster.Coordinator.Api;

/// <summary><c>GET /metrics</c> (Prometheus text format 0.0.4), <c>/healthz</c>, <c>/readyz</c>.</summary>
internal static class MetricsEndpoint
{
    public static void Map(RouteGroupBuilder api, ApiState s)
    {
        api.MapGet("/metrics", ApiHost.Handler(async ctx => Results.Text(await RenderAsync(s, ctx.RequestAborted), "text/plain; version=0.0.4", Encoding.UTF8)))
            .AddEndpointFilter(new TokenFilter(ApiRole.Read, s.Options));
        api.MapGet("/healthz", () => Results.Text("ok\n"));
        api.MapGet("/readyz", ApiHost.Handler(async ctx =>
        {
            try
            {
                _ = await s.Sweeps.ListAsync(ctx.RequestAborted);
                return Results.Text("ready\n");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return Problems.Unavailable("the sweep store is not ready: " + e.Message);
            }
        }));
    }

    public static async Task<string> RenderAsync(ApiState s, CancellationToken ct)
    {
        var sb = new StringBuilder();
        Header(sb, MetricNames.Trials, "gauge", "Trials per sweep and state.");
        foreach (var sweep in await s.Sweeps.ListAsync(ct))
        {
            foreach (var (state, n) in sweep.Trials.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                sb.Append(CultureInfo.InvariantCulture, $"{MetricNames.Trials}{{sweep=\"{Escape(sweep.Id)}\",state=\"{Escape(state)}\"}} {n}\n");
            }
        }

        Sample(sb, MetricNames.Workers, "gauge", "Workers heard from recently.", s.Workers.Connected());
        Sample(sb, MetricNames.LeasesExpiredTotal, "counter", "Leases that expired without renewal.", await s.Sweeps.LeasesExpiredTotalAsync(ct));
        Sample(sb, MetricNames.LeaseGrantsTotal, "counter", "Leases granted over HTTP.", s.LeaseGrantsTotal);
        Sample(sb, MetricNames.ReportsTotal, "counter", "Metric reports received over HTTP.", s.ReportsTotal);
        QueueDemandMetric.Append(sb, await s.Sweeps.ListAsync(ct));
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, string name, string type, string help) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static void Sample(StringBuilder sb, string name, string type, string help, long value)
    {
        Header(sb, name, type, help);
        sb.Append(CultureInfo.InvariantCulture, $"{name} {value}\n");
    }

    private static string Escape(string v) =>
        v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
