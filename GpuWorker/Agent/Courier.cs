using System.Net.Http.Headers;
using System.Text;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// Delivers trial messages in order per trial: directly while the coordinator answers, through the on-disk
/// <see cref="Outbox"/> while it does not (or while older messages of the same trial still wait), retrying with
/// exponential backoff and seeded jitter.
/// </summary>
internal sealed class Courier(CoordinatorClient client, Outbox outbox, Backoff backoff, TimeProvider time, Action<string> log)
{
    private readonly SemaphoreSlim _wake = new(0);
    private volatile bool _down;

    /// <summary>Called with every answer the coordinator gave to a buffered entry.</summary>
    public Action<OutboxEntry, Reply>? Answered { get; set; }

    public Outbox Outbox => outbox;

    /// <summary>Whether the last exchange failed to reach the coordinator.</summary>
    public bool Down => _down;

    /// <summary>
    /// Sends now when possible and returns the reply; otherwise buffers durably and returns null (the answer comes later
    /// through <see cref="Answered"/>). <paramref name="tarFile"/> is consumed.
    /// </summary>
    public async Task<Reply?> SendAsync(OutboxKind kind, string trialId, int attempt, long token, string body, string? tarFile, CancellationToken ct)
    {
        if (!_down && !outbox.HasEntriesFor(trialId))
        {
            var entry = new OutboxEntry(0, kind, trialId, attempt, token, body);
            var reply = await DeliverAsync(entry, tarFile, ct);
            if (!reply.Unreachable)
            {
                if (tarFile is not null)
                {
                    File.Delete(tarFile);
                }

                return reply;
            }

            MarkDown();
        }

        outbox.Add(kind, trialId, attempt, token, body, tarFile);
        _wake.Release();
        return null;
    }

    /// <summary>Delivers buffered entries until <paramref name="ct"/> fires; waits with backoff while the coordinator is away.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!await DeliverOneAsync(ct))
                {
                    await _wake.WaitAsync(outbox.Count == 0 ? Timeout.InfiniteTimeSpan : backoff.Next(), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Delivers what is buffered until empty or <paramref name="ct"/> fires (shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (outbox.Count > 0 && !ct.IsCancellationRequested)
        {
            if (!await DeliverOneAsync(ct))
            {
                await Task.Delay(backoff.Next(), time, ct);
            }
        }
    }

    /// <summary>Tells the delivery loop to try again now (e.g. after another request reached the coordinator).</summary>
    public void MarkUp()
    {
        if (_down)
        {
            _down = false;
            log($"coordinator reachable again; {outbox.Count} buffered messages to deliver");
            backoff.Reset();
            _wake.Release();
        }
    }

    private void MarkDown()
    {
        if (!_down)
        {
            log("coordinator unreachable: buffering reports on disk");
        }

        _down = true;
    }

    /// <summary>True when an entry was delivered (or dropped as undeliverable); false when nothing is buffered or the coordinator is away.</summary>
    private async Task<bool> DeliverOneAsync(CancellationToken ct)
    {
        var e = outbox.Peek();
        if (e is null)
        {
            return false;
        }

        var tar = e.Kind is OutboxKind.UploadBest or OutboxKind.UploadLast ? outbox.TarPath(e) : null;
        var reply = tar is not null && !File.Exists(tar) ? new Reply(410, []) : await DeliverAsync(e, tar, ct);
        if (reply.Unreachable)
        {
            MarkDown();
            return false;
        }

        if (_down)
        {
            log($"coordinator reachable again; {outbox.Count} buffered messages to deliver");
        }

        _down = false;
        backoff.Reset();
        if (!reply.Ok)
        {
            log($"coordinator refused buffered {e.Kind} of trial {e.TrialId}: HTTP {reply.Status} {Encoding.UTF8.GetString(reply.Body)}");
        }

        outbox.Remove(e);
        Answered?.Invoke(e, reply);
        return true;
    }

    private Task<Reply> DeliverAsync(OutboxEntry e, string? tarFile, CancellationToken ct)
    {
        var id = Uri.EscapeDataString(e.TrialId);
        return e.Kind switch
        {
            OutboxKind.Report => Post($"trials/{id}/reports", e.Body, ct),
            OutboxKind.Complete => Post($"trials/{id}/complete", e.Body, ct),
            OutboxKind.Fail => Post($"trials/{id}/fail", e.Body, ct),
            OutboxKind.UploadBest => client.UploadAsync(e.TrialId, "best", e.Attempt, e.FencingToken, tarFile!, ct),
            _ => client.UploadAsync(e.TrialId, "last", e.Attempt, e.FencingToken, tarFile!, ct),
        };
    }

    private Task<Reply> Post(string path, string json, CancellationToken ct) =>
        client.SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")), null, TimeSpan.FromSeconds(30), ct);
}
