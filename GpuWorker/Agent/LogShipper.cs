using SweepCluster.Messages;
using SweepCluster.Training.Command;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// Ships one attempt's log files (<c>logs/attempt-N/*.log</c>) to the coordinator's artifact store: the new bytes of each
/// file every interval while it runs, and the rest when it ends. Appends are at the size the coordinator confirmed, so a
/// retried chunk replaces itself; a 416 resends the file from the start, a 409/404 (lease lost) stops shipping.
/// </summary>
internal sealed class LogShipper(CoordinatorClient client, TrialRun run, string attemptDir, TimeProvider time)
{
    private const int Chunk = 1 << 20;
    private readonly Dictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _stop;

    /// <summary>Ships new bytes every <paramref name="interval"/> until <paramref name="ct"/> fires.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, time, ct);
                await ShipAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the attempt ended; the final ship follows
        }
    }

    /// <summary>Sends every file's bytes beyond what the coordinator has (stops early when it is unreachable).</summary>
    public async Task ShipAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var path in TrialLogs.Files(attemptDir))
            {
                if (!await ShipFileAsync(path, ct))
                {
                    return;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> ShipFileAsync(string path, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        var a = run.Assignment;
        while (!_stop)
        {
            var sent = _sent.GetValueOrDefault(name);
            var length = new FileInfo(path).Length;
            if (length <= sent)
            {
                return true;
            }

            var bytes = new byte[(int)Math.Min(Chunk, length - sent)];
            await using (var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                input.Position = sent;
                await input.ReadExactlyAsync(bytes, ct);
            }

            var reply = await client.AppendLogAsync(a.TrialId, a.Attempt, a.FencingToken, name, sent, bytes, ct);
            switch (reply.Status)
            {
                case >= 200 and < 300:
                    _sent[name] = reply.As(WireJsonContext.Default.LogReceipt)?.Size ?? sent + bytes.Length;
                    break;
                case 416:
                    _sent[name] = 0;
                    break;
                case 413:
                    _sent[name] = long.MaxValue; // the coordinator keeps no more of this file
                    return true;
                case 404 or 409:
                    _stop = true;
                    return false;
                default:
                    return false; // unreachable: the next ship continues from the confirmed size
            }
        }

        return false;
    }
}
