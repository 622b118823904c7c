using System.Formats.Tar;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>Packs a running or finished trial's <c>best/</c> and <c>last/</c> directories and sends them to the coordinator.</summary>
internal sealed class CheckpointShipper(Courier courier, AgentOptions options, TimeProvider time, Action<string> log)
{
    /// <summary>Uploads <c>last/</c> when it changed and the upload interval has passed (so a retry elsewhere resumes from it).</summary>
    public async Task ShipLastIfDueAsync(TrialRun run, CancellationToken ct)
    {
        if (run.Assignment.SharedCheckpoints || time.GetUtcNow() - run.LastUploadAt < options.LastUploadInterval)
        {
            return;
        }

        var dir = Path.Combine(run.Spec.CheckpointDir, "last");
        var written = NewestWrite(dir);
        if (written is null || written == run.LastUploadedWrite)
        {
            return;
        }

        run.LastUploadedWrite = written.Value;
        run.LastUploadAt = time.GetUtcNow();
        await ShipAsync(run, "last", ct);
    }

    /// <summary>Sends <c>best/</c> and <c>last/</c> (those that exist) ahead of the attempt's completion.</summary>
    public async Task ShipFinalAsync(TrialRun run, CancellationToken ct)
    {
        if (run.Assignment.SharedCheckpoints)
        {
            return;
        }

        await ShipAsync(run, "best", ct);
        await ShipAsync(run, "last", ct);
    }

    private async Task ShipAsync(TrialRun run, string kind, CancellationToken ct)
    {
        var dir = Path.Combine(run.Spec.CheckpointDir, kind);
        if (!Directory.Exists(dir))
        {
            return;
        }

        var tar = Path.Combine(run.Spec.CheckpointDir, $".{kind}-{Guid.NewGuid():N}.tar");
        await using (var output = new FileStream(tar, FileMode.CreateNew, FileAccess.Write))
        {
            await TarFile.CreateFromDirectoryAsync(dir, output, includeBaseDirectory: false, ct);
        }

        var a = run.Assignment;
        var reply = await courier.SendAsync(kind == "best" ? OutboxKind.UploadBest : OutboxKind.UploadLast, a.TrialId, a.Attempt, a.FencingToken, "", tar, ct);
        if (reply is { Status: 409 })
        {
            run.MarkStale();
        }
        else if (reply is { Ok: true })
        {
            log($"trial {a.TrialId} attempt {a.Attempt}: uploaded {kind}/ checkpoint");
        }
    }

    private static DateTime? NewestWrite(string dir) =>
        Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(Directory.GetLastWriteTimeUtc(dir)).Max()
            : null;
}
