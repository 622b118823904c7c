using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// <c>PUT</c> and <c>GET /trials/{id}/checkpoints/{best|last}</c>: upload after training, download to resume. Both need the
/// caller's current attempt and fencing token (headers); a stale one gets 409.
/// </summary>
internal static class CheckpointEndpoints
{
    public static void Map(RouteGroupBuilder api, ApiState s)
    {
        var g = api.MapGroup("/trials").AddEndpointFilter(new TokenFilter(ApiRole.Worker, s.Options));
        g.MapPut("/{id}/checkpoints/{kind}", (HttpContext ctx, string id, string kind) => UploadAsync(ctx, s, id, kind));
        g.MapGet("/{id}/checkpoints/{kind}", (HttpContext ctx, string id, string kind) => DownloadAsync(ctx, s, id, kind));
    }

    private static ProblemResult? CheckRoute(string id, string kind) =>
        Validate.Id(id, "id") ?? (kind is "best" or "last" ? null : Problems.BadRequest("kind", "kind must be best or last"));

    /// <summary>The caller's attempt and fencing token from the <c>X-Sweep-Attempt</c> / <c>X-Sweep-Fencing-Token</c> headers.</summary>
    private static ProblemResult? ReadAttempt(HttpRequest request, out int attempt, out long token)
    {
        token = 0;
        if (!int.TryParse(request.Headers[WireHeaders.Attempt], out attempt) || attempt < 1)
        {
            return Problems.BadRequest(WireHeaders.Attempt, "an attempt number ≥ 1 is required");
        }

        return !long.TryParse(request.Headers[WireHeaders.FencingToken], out token) || token < 0
            ? Problems.BadRequest(WireHeaders.FencingToken, "a fencing token ≥ 0 is required")
            : null;
    }

    /// <summary>409 unless (<paramref name="attempt"/>, <paramref name="token"/>) is the trial's current lease.</summary>
    private static ProblemResult? Fence(LeaseBook.Entry lease, string id, int attempt, long token) =>
        lease.Trial.Attempt != attempt || lease.Trial.FencingToken != token
            ? Problems.Conflict(WireHeaders.FencingToken, $"attempt or fencing token of trial {id} is not the current lease")
            : null;

    private static async Task<IResult> UploadAsync(HttpContext ctx, ApiState s, string id, string kind)
    {
        if ((CheckRoute(id, kind) ?? ApiHost.CheckProtocolHeader(ctx.Request)) is { } bad)
        {
            return bad;
        }

        var h = ctx.Request.Headers;
        if (ReadAttempt(ctx.Request, out var attempt, out var token) is { } badAttempt)
        {
            return badAttempt;
        }

        var sha = h[WireHeaders.Sha256].ToString().ToLowerInvariant();
        if (sha.Length != 64 || !sha.All(Uri.IsHexDigit))
        {
            return Problems.BadRequest(WireHeaders.Sha256, "the archive's SHA-256 (64 hex digits) is required");
        }

        if (ctx.Request.ContentLength > s.Options.MaxCheckpointBytes)
        {
            return Problems.TooLarge(s.Options.MaxCheckpointBytes);
        }

        if ((s.Leases.Find(id) ?? await s.Sweeps.LocateTrialAsync(id, ctx.RequestAborted)) is not { } lease)
        {
            return Problems.NotFound("id", $"no leased trial {id}");
        }

        if (Fence(lease, id, attempt, token) is { } stale)
        {
            return stale;
        }

        return await StoreAsync(ctx, s, id, kind, lease.CheckpointDir, sha);
    }

    private static async Task<IResult> StoreAsync(HttpContext ctx, ApiState s, string id, string kind, string checkpointDir, string sha)
    {
        Directory.CreateDirectory(checkpointDir);
        var stamp = Guid.NewGuid().ToString("N");
        var file = Path.Combine(checkpointDir, $".{kind}.upload-{stamp}.tmp");
        var staged = Path.Combine(checkpointDir, $".{kind}.staged-{stamp}");
        try
        {
            var actual = await CheckpointArchive.ReceiveAsync(ctx.Request.Body, file, s.Options.MaxCheckpointBytes, ctx.RequestAborted);
            if (actual is null)
            {
                return Problems.TooLarge(s.Options.MaxCheckpointBytes);
            }

            if (actual != sha)
            {
                return Problems.BadRequest(WireHeaders.Sha256, $"the body's SHA-256 is {actual}, not {sha}");
            }

            try
            {
                await CheckpointArchive.ExtractAsync(file, staged, ctx.RequestAborted);
            }
            catch (InvalidDataException e)
            {
                return Problems.BadRequest("body", e.Message);
            }

            CheckpointArchive.Swap(staged, Path.Combine(checkpointDir, kind));
            return Results.Json(new CheckpointReceipt(id, kind, new FileInfo(file).Length, sha), WireJsonContext.Default.CheckpointReceipt);
        }
        finally
        {
            File.Delete(file);
            if (Directory.Exists(staged))
            {
                Directory.Delete(staged, recursive: true);
            }
        }
    }

    private static async Task<IResult> DownloadAsync(HttpContext ctx, ApiState s, string id, string kind)
    {
        if (CheckRoute(id, kind) is { } bad)
        {
            return bad;
        }

        if (ReadAttempt(ctx.Request, out var attempt, out var token) is { } badAttempt)
        {
            return badAttempt;
        }

        if ((s.Leases.Find(id) ?? await s.Sweeps.LocateTrialAsync(id, ctx.RequestAborted)) is not { } lease)
        {
            return Problems.NotFound("id", $"no leased trial {id}");
        }

        if (Fence(lease, id, attempt, token) is { } stale)
        {
            return stale;
        }

        var dir = kind == "last" && lease.ResumeFrom is not null ? lease.ResumeFrom : Path.Combine(lease.CheckpointDir, kind);
        if (!Directory.Exists(dir))
        {
            return Problems.NotFound("kind", $"trial {id} has no {kind} checkpoint");
        }

        var tar = Path.Combine(Path.GetTempPath(), $"sweep-ckpt-{Guid.NewGuid():N}.tar");
        await CheckpointArchive.PackAsync(dir, tar, ctx.RequestAborted);
        ctx.Response.Headers[WireHeaders.Sha256] = await CheckpointArchive.HashAsync(tar, ctx.RequestAborted);
        var stream = new FileStream(tar, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return Results.Stream(stream, "application/x-tar");
    }
}
