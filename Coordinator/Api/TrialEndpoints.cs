using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary><c>POST /trials/{id}/reports</c>, <c>/complete</c>, <c>/fail</c>.</summary>
internal static class TrialEndpoints
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    public static void Map(RouteGroupBuilder api, ApiState s)
    {
        var g = api.MapGroup("/trials").AddEndpointFilter(new TokenFilter(ApiRole.Worker, s.Options));
        g.MapPost("/{id}/reports", (HttpContext ctx, string id) => ReportAsync(ctx, s, id));
        g.MapPost("/{id}/complete", (HttpContext ctx, string id) => CompleteAsync(ctx, s, id));
        g.MapPost("/{id}/fail", (HttpContext ctx, string id) => FailAsync(ctx, s, id));
    }

    private static async Task<IResult> ReportAsync(HttpContext ctx, ApiState s, string id)
    {
        if (Validate.Id(id, "id") is { } badId)
        {
            return badId;
        }

        var (req, problem) = await JsonBody.ReadAsync(ctx.Request, Wire.ReportRequest, s.Options.MaxJsonBytes, r => r.Protocol, ctx.RequestAborted);
        if (req is null)
        {
            return problem!;
        }

        if ((Validate.Attempt(req.Attempt, req.FencingToken) ?? Validate.Metrics(req.Report, "$.report", required: true)) is { } bad)
        {
            return bad;
        }

        s.CountReport();
        var answer = await s.Broker.ReportAsync(new TrialRef(id, req.Attempt, req.FencingToken), req.Report!, ctx.RequestAborted);
        return WireMap.Answer(answer, id);
    }

    private static async Task<IResult> CompleteAsync(HttpContext ctx, ApiState s, string id)
    {
        if (Validate.Id(id, "id") is { } badId)
        {
            return badId;
        }

        var (req, problem) = await JsonBody.ReadAsync(ctx.Request, Wire.CompleteRequest, s.Options.MaxJsonBytes, r => r.Protocol, ctx.RequestAborted);
        if (req is null)
        {
            return problem!;
        }

        if ((Validate.Attempt(req.Attempt, req.FencingToken) ?? Validate.Metrics(req.Final, "$.final", required: false)) is { } bad)
        {
            return bad;
        }

        var answer = await s.Broker.CompleteAsync(new TrialRef(id, req.Attempt, req.FencingToken), req.Final, req.Stopped, ctx.RequestAborted);
        return WireMap.Answer(answer, id);
    }

    private static async Task<IResult> FailAsync(HttpContext ctx, ApiState s, string id)
    {
        if (Validate.Id(id, "id") is { } badId)
        {
            return badId;
        }

        var (req, problem) = await JsonBody.ReadAsync(ctx.Request, Wire.FailRequest, s.Options.MaxJsonBytes, r => r.Protocol, ctx.RequestAborted);
        if (req is null)
        {
            return problem!;
        }

        if ((Validate.Attempt(req.Attempt, req.FencingToken) ?? Validate.Fail(req)) is { } bad)
        {
            return bad;
        }

        var answer = await s.Broker.FailAsync(new TrialRef(id, req.Attempt, req.FencingToken), req.Error, req.LogTail, req.Interrupted, ctx.RequestAborted);
        return WireMap.Answer(answer, id);
    }
}
