using System.Globalization;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// The worker's on-disk FIFO of messages the coordinator has not acknowledged: one file per entry (written to a temporary
/// name, then renamed), kept across restarts. Bounded: when full, the oldest metric reports are dropped first; completions
/// and failures are never dropped.
/// </summary>
internal sealed class Outbox
{
    private readonly string _dir;
    private readonly int _limit;
    private readonly Action<string> _log;
    private readonly SortedDictionary<long, OutboxEntry> _entries = [];
    private long _next;

    private Outbox(string dir, int limit, Action<string> log)
    {
        _dir = dir;
        _limit = limit;
        _log = log;
    }

    /// <summary>Opens (creating if needed) an outbox directory and loads what a previous run left.</summary>
    public static Outbox Open(string dir, int limit, Action<string> log)
    {
        Directory.CreateDirectory(dir);
        var box = new Outbox(dir, limit, log);
        foreach (var file in Directory.EnumerateFiles(dir, "*.entry"))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seq)
                && OutboxEntry.Parse(seq, File.ReadAllText(file)) is { } e)
            {
                box._entries[seq] = e;
            }
            else
            {
                log($"outbox: ignoring damaged entry {Path.GetFileName(file)}");
                File.Delete(file);
            }
        }

        foreach (var tmp in Directory.EnumerateFiles(dir, "*.tmp"))
        {
            File.Delete(tmp);
        }

        box._next = box._entries.Count == 0 ? 1 : box._entries.Keys.Max() + 1;
        return box;
    }

    public int Count
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>True when something for this trial is still waiting (new messages for it must queue behind).</summary>
    public bool HasEntriesFor(string trialId)
    {
        lock (_entries)
        {
            return _entries.Values.Any(e => e.TrialId == trialId);
        }
    }

    /// <summary>Durably appends an entry; <paramref name="tarFile"/> (uploads) is moved into the outbox.</summary>
    public OutboxEntry Add(OutboxKind kind, string trialId, int attempt, long token, string body, string? tarFile = null)
    {
        lock (_entries)
        {
            MakeRoom();
            var e = new OutboxEntry(_next++, kind, trialId, attempt, token, body);
            if (tarFile is not null)
            {
                File.Move(tarFile, TarPath(e), overwrite: true);
            }

            var tmp = Path.Combine(_dir, e.Sequence.ToString("D12", CultureInfo.InvariantCulture) + ".tmp");
            using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            using (var w = new StreamWriter(f))
            {
                w.Write(e.Serialize());
                w.Flush();
                f.Flush(flushToDisk: true);
            }

            File.Move(tmp, EntryPath(e), overwrite: true);
            _entries[e.Sequence] = e;
            return e;
        }
    }

    /// <summary>The oldest entry, or null when empty.</summary>
    public OutboxEntry? Peek()
    {
        lock (_entries)
        {
            return _entries.Count == 0 ? null : _entries.First().Value;
        }
    }

    /// <summary>The tar file of an upload entry.</summary>
    public string TarPath(OutboxEntry e) => Path.Combine(_dir, e.Sequence.ToString("D12", CultureInfo.InvariantCulture) + ".tar");

    /// <summary>Removes a delivered (or undeliverable) entry.</summary>
    public void Remove(OutboxEntry e)
    {
        lock (_entries)
        {
            _entries.Remove(e.Sequence);
            File.Delete(EntryPath(e));
            File.Delete(TarPath(e));
        }
    }

    private string EntryPath(OutboxEntry e) => Path.Combine(_dir, e.Sequence.ToString("D12", CultureInfo.InvariantCulture) + ".entry");

    private void MakeRoom()
    {
        while (_entries.Count >= _limit)
        {
            var victim = _entries.Values.FirstOrDefault(e => e.Kind == OutboxKind.Report)
                ?? _entries.Values.FirstOrDefault(e => e.Kind is OutboxKind.UploadLast or OutboxKind.UploadBest);
            if (victim is null)
            {
                return;
            }

            _log($"outbox full ({_limit} entries): dropping the oldest {victim.Kind} of trial {victim.TrialId}");
            _entries.Remove(victim.Sequence);
            File.Delete(EntryPath(victim));
            File.Delete(TarPath(victim));
        }
    }
}
