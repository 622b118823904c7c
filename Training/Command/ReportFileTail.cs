using System.Text;

namespace SweepCluster.Training.Command;

/// <summary>Follows <c>SWEEP_REPORT_FILE</c>: hands every complete new line to a callback.</summary>
internal sealed class ReportFileTail(string path, Action<string> onLine)
{
    private readonly Lock _gate = new();
    private long _offset;

    /// <summary>The followed file.</summary>
    public string Path { get; } = path;

    /// <summary>Reads new lines every <paramref name="interval"/> until <paramref name="ct"/> fires.</summary>
    public async Task PollAsync(TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            ReadNew(final: false);
            try
            {
                await Task.Delay(interval, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Reads the lines appended since the last call; <paramref name="final"/> also takes a last line without newline.</summary>
    public void ReadNew(bool final)
    {
        lock (_gate)
        {
            byte[] bytes;
            try
            {
                using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length < _offset)
                    _offset = 0; // truncated by the program: start over
                stream.Seek(_offset, SeekOrigin.Begin);
                bytes = new byte[stream.Length - _offset];
                stream.ReadExactly(bytes);
            }
            catch (FileNotFoundException)
            {
                return;
            }

            var end = final ? bytes.Length : Array.LastIndexOf(bytes, (byte)'\n') + 1;
            if (end <= 0)
                return;
            _offset += end;
            foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n'))
            {
                if (line.Trim().Length > 0)
                    onLine(line);
            }
        }
    }
}
