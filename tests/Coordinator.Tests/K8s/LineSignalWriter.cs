using System.Text;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>A thread-safe writer that keeps its text and completes a task when a line starting with a prefix is written.</summary>
internal sealed class LineSignalWriter(string prefix) : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _line = new();
    private readonly TaskCompletionSource<string> _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>The first line starting with the prefix.</summary>
    public Task<string> Seen => _seen.Task;

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
            if (value != '\n')
            {
                _line.Append(value);
                return;
            }

            var line = _line.ToString().TrimEnd('\r');
            _line.Clear();
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                _seen.TrySetResult(line);
            }
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
