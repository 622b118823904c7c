using System.Globalization;
using System.Text;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;


/// <summary><c>/sweeps</c>: submit (admin), list, show, cancel (admin), leaderboard.</summary>
internal static class SweepEndpoints
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    public static void Map(RouteGroupBuilder api, ApiState s)
    {
        var admin = api.MapGroup("/sweeps").AddEndpointFilter(new TokenFilter(ApiRole.Admin, s.Options));
        admin.MapPost("", ApiHost.Handler(ctx => SubmitAsync(ctx, s)));
        admin.MapPost("/{id}/cancel", async (HttpContext ctx, string id) =>
            Validate.Id(id, "id") ?? Found(await s.Sweeps.CancelAsync(id, ctx.RequestAborted), id));

        var read = api.MapGroup("/sweeps").AddEndpointFilter(new TokenFilter(ApiRole.Read, s.Options));
        read.MapGet("", ApiHost.Handler(async ctx =>
            Results.Json(new SweepList(await s.Sweeps.ListAsync(ctx.RequestAborted)), Wire.SweepList)));
        read.MapGet("/{id}", async (HttpContext ctx, string id) =>
            Validate.Id(id, "id") ?? Found(await s.Sweeps.GetAsync(id, ctx.RequestAborted), id));
        read.MapGet("/{id}/leaderboard", (HttpContext ctx, string id) => LeaderboardAsync(ctx, s, id));
    }

    private static IResult Found(SweepSummary? sweep, string id) =>
        sweep is null ? Problems.NotFound("id", $"no sweep {id}") : Results.Json(sweep, Wire.SweepSummary);

    private static async Task<IResult> SubmitAsync(HttpContext ctx, ApiState s)
    {
        string text;
        var source = "request body";
        var type = ctx.Request.ContentType ?? "";
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            var (req, problem) = await JsonBody.ReadAsync(ctx.Request, Wire.SubmitSweepRequest, s.Options.MaxJsonBytes, r => r.Protocol, ctx.RequestAborted);
            if (req is null)
            {
                return problem!;
            }

            if (string.IsNullOrWhiteSpace(req.Sweep))
            {
                return Problems.BadRequest("$.sweep", "sweep must hold the sweep file's text");
            }

            (text, source) = (req.Sweep, req.Source ?? source);
        }
        else if (type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/hocon", StringComparison.OrdinalIgnoreCase))
        {
            if (ApiHost.CheckProtocolHeader(ctx.Request) is { } badVersion)
            {
                return badVersion;
            }

            var (bytes, problem) = await JsonBody.ReadLimitedAsync(ctx.Request, s.Options.MaxJsonBytes, ctx.RequestAborted);
            if (bytes is null)
            {
                return problem!;
            }

            text = Encoding.UTF8.GetString(bytes);
        }
        else
        {
            return Problems.Unsupported("send the sweep file as text/plain, application/hocon, or application/json {protocol, sweep}");
        }

        try
        {
            var sweep = await s.Sweeps.SubmitAsync(text, source, ctx.RequestAborted);
            return Results.Json(sweep, Wire.SweepSummary, statusCode: StatusCodes.Status201Created);
        }
        catch (SweepRejected e)
        {
            return Problems.Make(422, "Invalid sweep", e.Message, e.Field);
        }
    }

    private static async Task<IResult> LeaderboardAsync(HttpContext ctx, ApiState s, string id)
    {
        if (Validate.Id(id, "id") is { } badId)
        {
            return badId;
        }

        var q = ctx.Request.Query;
        var top = 20;
        if (q.TryGetValue("top", out var topText) && (!int.TryParse(topText, CultureInfo.InvariantCulture, out top) || top is < 1 or > 100_000))
        {
            return Problems.BadRequest("top", "top must be an integer between 1 and 100000");
        }

        var format = q.TryGetValue("format", out var f) ? f.ToString() : "json";
        if (format is not ("json" or "csv"))
        {
            return Problems.BadRequest("format", "format must be json or csv");
        }

        var board = await s.Sweeps.LeaderboardAsync(id, top, ctx.RequestAborted);
        if (board is null)
        {
            return Problems.NotFound("id", $"no sweep {id}");
        }

        return format == "json" ? Results.Json(board, Wire.LeaderboardPage) : Results.Text(LeaderboardCsv.Write(board), "text/csv", Encoding.UTF8);
    }
}
