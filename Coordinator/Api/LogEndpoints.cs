using System.Globalization;
using SweepCluster.Messages;
using SweepCluster.Training.Command;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// Trial logs in the coordinator's artifact store (<c>{trial dir}/logs/attempt-N/FILE</c>, the layout of a local run):
/// <c>PUT /trials/{id}/logs/{attempt}/{file}?offset=N</c> appends a worker's new bytes (worker token and the attempt's
/// fencing token; a retried chunk at an earlier offset replaces what followed it; a chunk refused as too large or cut off
/// leaves the file ending at its offset), <c>GET /trials/{id}/logs</c> lists
/// them with the trial's attempt and status, <c>GET /trials/{id}/logs/{attempt}/{file}?offset=N</c> reads from an offset.
/// </summary>
internal static class LogEndpoints
{
    /// <summary>Largest log file the coordinator keeps per attempt.</summary>
    public const long MaxLogBytes = 64L << 20;

    /// <summary>Most bytes one read answers (the reader asks again from the next offset).</summary>
    public const int MaxReadBytes = 4 << 20;

    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    public static void Map(RouteGroupBuilder api, ApiState s)
    {
        var write = api.MapGroup("/trials").AddEndpointFilter(new TokenFilter(ApiRole.Worker, s.Options));
        write.MapPut("/{id}/logs/{attempt}/{file}", (HttpContext ctx, string id, string attempt, string file) => AppendAsync(ctx, s, id, attempt, file));
        var read = api.MapGroup("/trials").AddEndpointFilter(new TokenFilter(ApiRole.Read, s.Options));
        read.MapGet("/{id}/logs", (HttpContext ctx, string id) => IndexAsync(ctx, s, id));
        read.MapGet("/{id}/logs/{attempt}/{file}", (HttpContext ctx, string id, string attempt, string file) => ReadAsync(ctx, s, id, attempt, file));
    }

    private static ProblemResult? CheckRoute(string id, string attempt, string file, out int number)
    {
        number = 0;
        if (Validate.Id(id, "id") is { } bad)
        {
            return bad;
        }

        if (!int.TryParse(attempt, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1)
        {
            return Problems.BadRequest("attempt", "attempt must be a number ≥ 1");
        }

        var ok = file.Length is > 4 and <= 64 && file.EndsWith(".log", StringComparison.Ordinal) && file[0] != '.'
            && file.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        return ok ? null : Problems.BadRequest("file", "file must be a log file name such as stdout.log (letters, digits, - _ .)");
    }

    private static ProblemResult? ReadOffset(HttpRequest request, out long offset)
    {
        offset = 0;
        var text = request.Query["offset"].ToString();
        return text.Length == 0 || (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out offset) && offset >= 0)
            ? null
            : Problems.BadRequest("offset", "offset must be a number of bytes ≥ 0");
    }

    private static async Task<IResult> AppendAsync(HttpContext ctx, ApiState s, string id, string attemptText, string file)
    {
        var offset = 0L;
        if ((CheckRoute(id, attemptText, file, out var attempt) ?? ApiHost.CheckProtocolHeader(ctx.Request) ?? ReadOffset(ctx.Request, out offset)) is { } bad)
        {
            return bad;
        }

        if (!long.TryParse(ctx.Request.Headers[WireHeaders.FencingToken], out var token) || token < 0)
        {
            return Problems.BadRequest(WireHeaders.FencingToken, "a fencing token ≥ 0 is required");
        }

        if ((s.Leases.Find(id) ?? await s.Sweeps.LocateTrialAsync(id, ctx.RequestAborted)) is not { } lease)
        {
            return Problems.NotFound("id", $"no leased trial {id}");
        }

        if (lease.Trial.Attempt != attempt || lease.Trial.FencingToken != token)
        {
            return Problems.Conflict(WireHeaders.FencingToken, $"attempt or fencing token of trial {id} is not the current lease");
        }

        if (offset + (ctx.Request.ContentLength ?? 0) > MaxLogBytes)
        {
            return Problems.TooLarge(MaxLogBytes - offset);
        }

        var dir = TrialLogs.AttemptDir(lease.CheckpointDir, attempt);
        Directory.CreateDirectory(dir);
        await using var output = new FileStream(Path.Combine(dir, file), FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        if (offset > output.Length)
        {
            return Problems.Make(416, "Offset beyond the end", $"offset {offset} is past the stored size {output.Length}; send from 0 or from the size", "offset");
        }

        output.SetLength(offset);
        output.Position = offset;
        var complete = false;
        try
        {
            var buffer = new byte[1 << 16];
            int n;
            while ((n = await ctx.Request.Body.ReadAsync(buffer, ctx.RequestAborted)) > 0)
            {
                if (output.Position + n > MaxLogBytes)
                {
                    return Problems.TooLarge(MaxLogBytes - offset);
                }

                await output.WriteAsync(buffer.AsMemory(0, n), ctx.RequestAborted);
            }

            await output.FlushAsync(ctx.RequestAborted);
            complete = true;
            return Results.Json(new LogReceipt(id, attempt, file, output.Length), Wire.LogReceipt);
        }
        finally
        {
            if (!complete)
            {
                output.SetLength(offset); // a refused or broken chunk leaves none of its bytes: the file ends at the offset
            }
        }
    }

    private static async Task<IResult> IndexAsync(HttpContext ctx, ApiState s, string id)
    {
        if (Validate.Id(id, "id") is { } bad)
        {
            return bad;
        }

        if ((await s.Sweeps.LocateTrialAsync(id, ctx.RequestAborted) ?? s.Leases.Find(id)) is not { } trial)
        {
            return Problems.NotFound("id", $"no trial {id}");
        }

        var files = TrialLogs.Attempts(trial.CheckpointDir)
            .SelectMany(a => TrialLogs.Files(TrialLogs.AttemptDir(trial.CheckpointDir, a)).Select(f => new TrialLogFile(a, Path.GetFileName(f), new FileInfo(f).Length)))
            .ToList();
        var status = await s.Sweeps.TrialStatusAsync(id, ctx.RequestAborted);
        return Results.Json(new TrialLogIndex(id, trial.Trial.Attempt, status, files), Wire.TrialLogIndex);
    }

    private static async Task<IResult> ReadAsync(HttpContext ctx, ApiState s, string id, string attemptText, string file)
    {
        var offset = 0L;
        if ((CheckRoute(id, attemptText, file, out var attempt) ?? ReadOffset(ctx.Request, out offset)) is { } bad)
        {
            return bad;
        }

        if ((await s.Sweeps.LocateTrialAsync(id, ctx.RequestAborted) ?? s.Leases.Find(id)) is not { } trial)
        {
            return Problems.NotFound("id", $"no trial {id}");
        }

        var path = Path.Combine(TrialLogs.AttemptDir(trial.CheckpointDir, attempt), file);
        if (!File.Exists(path))
        {
            return Problems.NotFound("file", $"trial {id} has no {file} for attempt {attempt}");
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: true);
        stream.Position = Math.Min(offset, stream.Length);
        var bytes = new byte[(int)Math.Min(MaxReadBytes, stream.Length - stream.Position)];
        await stream.ReadExactlyAsync(bytes, ctx.RequestAborted);
        return Results.Bytes(bytes, "text/plain; charset=utf-8");
    }
}
