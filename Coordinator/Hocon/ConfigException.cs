using System.Text;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>A bad configuration file; <see cref="Exception.Message"/> is the complete user-facing error text.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An error at a position: <c>file:line:col: message</c>, then the source line and a caret under the column.</summary>
    public static ConfigException At(HoconOrigin origin, string message) => new(Format(origin, message));

    /// <summary>Formats <paramref name="message"/> with the position and the quoted line.</summary>
    public static string Format(HoconOrigin origin, string message)
    {
        if (origin.Line <= 0)
        {
            return $"{origin}: {message}";
        }

        var line = origin.Source.Line(origin.Line);
        var caret = new StringBuilder();
        for (var i = 0; i < origin.Column - 1 && i < line.Length; i++)
        {
            caret.Append(line[i] == '\t' ? '\t' : ' ');
        }

        caret.Append('^');
        return $"{origin}: {message}\n  {line}\n  {caret}";
    }
}
