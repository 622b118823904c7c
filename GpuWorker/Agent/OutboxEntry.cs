using System.Globalization;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>What an outbox entry delivers.</summary>
internal enum OutboxKind
{
    /// <summary>POST trials/{id}/reports.</summary>
    Report,

    /// <summary>POST trials/{id}/complete.</summary>
    Complete,

    /// <summary>POST trials/{id}/fail.</summary>
    Fail,

    /// <summary>PUT trials/{id}/checkpoints/best (body: the tar beside the entry).</summary>
    UploadBest,

    /// <summary>PUT trials/{id}/checkpoints/last.</summary>
    UploadLast,
}

/// <summary>One buffered message to the coordinator: its kind, its attempt, and the JSON body (or a tar file for uploads).</summary>
internal sealed record OutboxEntry(long Sequence, OutboxKind Kind, string TrialId, int Attempt, long FencingToken, string Body)
{
    /// <summary>Text form: four header lines (kind, trial, attempt, token) then the body.</summary>
    public string Serialize() => string.Join('\n', Kind.ToString(), TrialId, Attempt.ToString(CultureInfo.InvariantCulture),
        FencingToken.ToString(CultureInfo.InvariantCulture), Body);

    /// <summary>Reads the text form; null when the file is damaged (e.g. a torn write from a crash).</summary>
    public static OutboxEntry? Parse(long sequence, string text)
    {
        var parts = text.Split('\n', 5);
        return parts.Length == 5
            && Enum.TryParse<OutboxKind>(parts[0], out var kind)
            && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var attempt)
            && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var token)
            ? new OutboxEntry(sequence, kind, parts[1], attempt, token, parts[4])
            : null;
    }
}
