using System.Globalization;
using System.Text;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>Java-style .properties files: <c>a.b=value</c> lines become nested string fields.</summary>
internal static class PropertiesParser
{
    public static ObjectNode Parse(HoconSource source, string text)
    {
        var entries = new List<(IReadOnlyList<string> Path, ScalarNode Value)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNo = i + 1;
            var line = lines[i].TrimStart();
            while (EndsWithContinuation(line) && i + 1 < lines.Length)
            {
                line = line[..^1] + lines[++i].TrimStart();
            }

            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }

            var split = 0;
            while (split < line.Length && line[split] is not ('=' or ':' or ' ' or '\t') )
            {
                split += line[split] == '\\' ? 2 : 1;
            }

            split = Math.Min(split, line.Length);
            var key = Unescape(line[..split]);
            var rest = line[split..].TrimStart();
            if (rest.Length > 0 && rest[0] is '=' or ':')
            {
                rest = rest[1..].TrimStart();
            }

            var origin = new HoconOrigin(source, lineNo, 1);
            entries.Add((key.Split('.'), new ScalarNode(origin, HoconScalarKind.String, Unescape(rest))));
        }

        // a key that is both a value and a prefix of other keys becomes the object: shorter paths first, so objects win
        var root = new ObjectNode(new HoconOrigin(source, 1, 1));
        foreach (var (path, value) in entries.OrderBy(e => e.Path.Count))
        {
            HoconNode node = value;
            for (var j = path.Count - 1; j > 0; j--)
            {
                var wrapper = new ObjectNode(value.Origin);
                wrapper.Add(path[j], node, value.Origin);
                node = wrapper;
            }

            root.Add(path[0], node, value.Origin);
        }

        return root;
    }

    private static bool EndsWithContinuation(string line)
    {
        var backslashes = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            backslashes++;
        }

        return backslashes % 2 == 1;
    }

    private static string Unescape(string s)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length)
            {
                sb.Append(s[i]);
                continue;
            }

            var e = s[++i];
            if (e == 'u' && i + 4 < s.Length
                && ushort.TryParse(s.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 4;
                continue;
            }

            sb.Append(e switch { 't' => '\t', 'n' => '\n', 'r' => '\r', 'f' => '\f', _ => e });
        }

        return sb.ToString();
    }
}
