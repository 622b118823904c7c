using System.Text;

namespace SweepCluster.Training.Command;

/// <summary>Reads what was appended to a log file since the last call (whole lines only, unless told to flush).</summary>
internal sealed class LogTail(string path)
{
    private long _offset;

    /// <summary>The followed file.</summary>
    public string Path { get; } = path;

    /// <summary>New complete lines (with their newlines); <paramref name="flush"/> also returns a last unterminated line.</summary>
    public string ReadNew(bool flush)
    {
        if (!File.Exists(Path))
            return "";
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < _offset)
            _offset = 0;
        stream.Seek(_offset, SeekOrigin.Begin);
        var bytes = new byte[stream.Length - _offset];
        stream.ReadExactly(bytes);
        var end = flush ? bytes.Length : Array.LastIndexOf(bytes, (byte)'\n') + 1;
        if (end <= 0)
            return "";
        _offset += end;
        return Encoding.UTF8.GetString(bytes, 0, end);
    }
}
