using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary><c>POST /workers</c>, <c>/workers/{id}/lease</c>, <c>/workers/{id}/heartbeat</c>.</summary>
internal static class WorkerEndpoints
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    public static void Map(RouteGroupBuilder api, ApiState s)
    {
        var g = api.MapGroup("/workers").AddEndpointFilter(new TokenFilter(ApiRole.Worker, s.Options));
        g.MapPost("", ApiHost.Handler(ctx => RegisterAsync(ctx, s)));
        g.MapPost("/{id}/lease", (HttpContext ctx, string id) => LeaseAsync(ctx, s, id));
        g.MapPost("/{id}/heartbeat", (HttpContext ctx, string id) => HeartbeatAsync(ctx, s, id));
    }

    private static async Task<IResult> RegisterAsync(HttpContext ctx, ApiState s)
    {
        var (req, problem) = await JsonBody.ReadAsync(ctx.Request, Wire.RegisterWorkerRequest, s.Options.MaxJsonBytes, r => r.Protocol, ctx.RequestAborted);
        if (req is null)
        {
            return problem!;
        }

        if (Validate.Register(req) is { } bad)
        {
            return bad;
        }

        var info = WireMap.ToInfo(req);
        var reg = await s.Broker.RegisterAsync(info, ctx.RequestAborted);
        s.Workers.Add(reg.WorkerId, info);
        return Results.Json(
            new RegisterWorkerResponse(reg.WorkerId, reg.HeartbeatInterval.TotalSeconds, reg.LeaseTtl.TotalSeconds),
            Wire.RegisterWorkerResponse);
    }

    private static async Task<IResult> LeaseAsync(HttpContext ctx, ApiState s, string id)
    {
        if (Validate.Id(id, "id") is { } badId)
        {
            return badId;
        }

        var (req, problem) = await JsonBody.ReadAsync(ctx.Request, Wire.LeaseRequest, s.Options.MaxJsonBytes, r => r.Protocol, ctx.RequestAborted);
        if (req is null)
        {
            return problem!;
        }

        if (Validate.Lease(req) is { } bad)
        {
            return bad;
        }

        if (!s.Workers.Touch(id))
        {
            return Problems.NotFound("id", $"no worker {id}; register again");
        }

        var wait = TimeSpan.FromSeconds(req.WaitSeconds);
        wait = wait > s.Options.MaxLeaseWait ? s.Options.MaxLeaseWait : wait;
        var capacity = new Dispatch.LeaseCapacity(req.FreeSlots, req.FreeGpus, req.FreeCpuThreads, req.CpuThreads);
        var grants = await s.Broker.LeaseAsync(id, capacity, wait, ctx.RequestAborted);
        if (grants.Count == 0)
        {
            return Results.NoContent();
        }

        foreach (var g in grants)
        {
            s.Leases.Record(g);
        }

        s.CountGrants(grants.Count);
        return Results.Json(new LeaseResponse([.. grants.Select(g => WireMap.ToAssignment(g, s.Options))]), Wire.LeaseResponse);
    }

    private static async Task<IResult> HeartbeatAsync(HttpContext ctx, ApiState s, string id)
    {
        if (Validate.Id(id, "id") is { } badId)
        {
            return badId;
        }

        var (req, problem) = await JsonBody.ReadAsync(ctx.Request, Wire.HeartbeatRequest, s.Options.MaxJsonBytes, r => r.Protocol, ctx.RequestAborted);
        if (req is null)
        {
            return problem!;
        }

        if (Validate.Heartbeat(req) is { } bad)
        {
            return bad;
        }

        if (!s.Workers.Touch(id))
        {
            return Problems.NotFound("id", $"no worker {id}; register again");
        }

        var answer = await s.Broker.HeartbeatAsync(id, [.. req.Running.Select(WireMap.ToRef)], ctx.RequestAborted);
        return Results.Json(new HeartbeatResponse([.. answer.Stop.Select(WireMap.ToWire)]), Wire.HeartbeatResponse);
    }
}
