namespace SweepCluster.Coordinator.Hocon;

/// <summary>How an include names its target.</summary>
internal enum IncludeKind
{
    Heuristic,
    File,
    Classpath,
    Url,
}

/// <summary>Reads documents and their includes (relative to the including file), detecting include cycles.</summary>
internal sealed class HoconIncluder
{
    private static readonly string[] MergeOrder = [".properties", ".json", ".conf"];
    private readonly List<string> _stack = [];
    private readonly Func<string, string?>? _environment;
    private readonly bool _sandboxed;

    /// <summary><paramref name="sandboxed"/>: every include is refused (untrusted text must not read local files).</summary>
    public HoconIncluder(Func<string, string?>? environment, bool sandboxed = false)
    {
        _environment = environment;
        _sandboxed = sandboxed;
    }

    /// <summary>Parses the file at <paramref name="path"/>, named <paramref name="displayName"/> in errors.</summary>
    public ObjectNode ParseFile(string displayName, string path, IReadOnlyList<string> prefix, HoconOrigin? includedFrom)
    {
        var full = Path.GetFullPath(path);
        if (_stack.Contains(full))
        {
            var chain = string.Join(" -> ", _stack.Append(full).Select(Path.GetFileName));
            var message = $"include cycle: {chain}";
            throw includedFrom is null ? new ConfigException($"{displayName}: {message}") : ConfigException.At(includedFrom, message);
        }

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var message = $"cannot read {displayName}: {e.Message}";
            throw includedFrom is null ? new ConfigException(message, e) : ConfigException.At(includedFrom, message);
        }

        var source = new HoconSource(displayName, text, Path.GetDirectoryName(full));
        _stack.Add(full);
        try
        {
            return Path.GetExtension(full).Equals(".properties", StringComparison.OrdinalIgnoreCase)
                ? PropertiesParser.Parse(source, text)
                : HoconParser.ParseDocument(source, text, this, prefix);
        }
        finally
        {
            _stack.RemoveAt(_stack.Count - 1);
        }
    }

    /// <summary>The fields an include statement contributes (empty when an optional include finds nothing).</summary>
    public ObjectNode Include(IncludeKind kind, string name, bool required, HoconOrigin origin, HoconSource from, IReadOnlyList<string> prefix, bool standalone)
    {
        if (_sandboxed)
        {
            throw ConfigException.At(origin, "include is not allowed in a sweep submitted over the network (it would read the coordinator's files)");
        }

        if (kind == IncludeKind.Url)
        {
            throw ConfigException.At(origin, "url(...) includes are not supported; include a file instead");
        }

        var baseDir = from.Directory ?? Directory.GetCurrentDirectory();
        var path = Path.IsPathRooted(name) ? name : Path.Combine(baseDir, name);
        var displayDir = Path.GetDirectoryName(from.Name);
        var display = Path.IsPathRooted(name) || string.IsNullOrEmpty(displayDir) ? name : Path.Combine(displayDir, name);
        var ext = Path.GetExtension(name).ToLowerInvariant();
        // A known extension, or another one ("sweep.hocon") naming an existing file, is read as named; a bare name
        // merges name.properties, name.json and name.conf as the reference implementation does.
        var asNamed = MergeOrder.Contains(ext) || (ext.Length > 0 && File.Exists(path));
        var candidates = asNamed ? [""] : MergeOrder;
        var result = new ObjectNode(origin);
        var found = false;
        foreach (var suffix in candidates)
        {
            if (!File.Exists(path + suffix))
            {
                continue;
            }

            found = true;
            result.AddAll(ParseFile(display + suffix, path + suffix, prefix, origin));
        }

        if (!found && required)
        {
            throw ConfigException.At(origin, $"required include not found: {display}");
        }

        return standalone ? (ObjectNode)ToNode(HoconResolver.Resolve(result, _environment, _sandboxed)) : result;
    }

    private static HoconNode ToNode(HoconValue value)
    {
        switch (value)
        {
            case HoconObject o:
                var node = new ObjectNode(o.Origin);
                foreach (var (key, v) in o.Fields)
                {
                    node.Add(key, ToNode(v), o.KeyOrigin(key));
                }

                return node;
            case HoconArray a:
                return new ArrayNode(a.Origin, [.. a.Items.Select(ToNode)]);
            default:
                var s = (HoconScalar)value;
                return new ScalarNode(s.Origin, s.Kind, s.Text);
        }
    }
}
