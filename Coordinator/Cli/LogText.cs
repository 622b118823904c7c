using System.Text;

namespace SweepCluster.Coordinator.Cli;

/// <summary>
/// Turns the bytes of followed log files into text, one UTF-8 decoder per file: a character whose bytes arrive in two
/// reads (a poll that ended mid-character) is printed whole with the second read, not as two replacement characters.
/// </summary>
internal sealed class LogText
{
    private readonly Dictionary<string, Decoder> _decoders = new(StringComparer.Ordinal);

    /// <summary>
    /// The text of <paramref name="bytes"/>, the next bytes of <paramref name="file"/>. An unfinished character at the end
    /// waits for the next call, unless <paramref name="flush"/> (the file will not grow): then it is a replacement character.
    /// </summary>
    public string Decode(string file, ReadOnlySpan<byte> bytes, bool flush)
    {
        if (!_decoders.TryGetValue(file, out var decoder))
        {
            _decoders[file] = decoder = Encoding.UTF8.GetDecoder();
        }

        var chars = new char[decoder.GetCharCount(bytes, flush)];
        return new string(chars, 0, decoder.GetChars(bytes, chars, flush));
    }

    /// <summary>Forgets every file (the next attempt's files start afresh).</summary>
    public void Clear() => _decoders.Clear();
}
