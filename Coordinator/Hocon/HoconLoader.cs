namespace SweepCluster.Coordinator.Hocon;

/// <summary>Options of <see cref="HoconLoader"/>.</summary>
internal sealed record HoconOptions
{
    /// <summary>Fallback for substitutions not found in the document (null = off); defaults to the process environment.</summary>
    public Func<string, string?>? Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Untrusted text (a sweep posted over the network): no includes, no environment, every substitution defined in it.</summary>
    public bool Sandboxed { get; init; }

    /// <summary>Options with the environment fallback switched off.</summary>
    public static HoconOptions WithoutEnvironment { get; } = new() { Environment = null };

    /// <summary>Options for untrusted text: nothing outside the text itself is read (see <see cref="Sandboxed"/>).</summary>
    public static HoconOptions Sandbox { get; } = new() { Environment = null, Sandboxed = true };
}

/// <summary>Entry points: parse, include, merge and resolve a HOCON document into a <see cref="HoconObject"/>.</summary>
internal static class HoconLoader
{
    /// <summary>Loads the file at <paramref name="path"/> (errors name it as given); throws <see cref="ConfigException"/>.</summary>
    public static HoconObject LoadFile(string path, HoconOptions? options = null)
    {
        options ??= new HoconOptions();
        var root = new HoconIncluder(options.Environment, options.Sandboxed).ParseFile(path, path, [], includedFrom: null);
        return HoconResolver.Resolve(root, options.Environment, options.Sandboxed);
    }

    /// <summary>Parses text; <paramref name="directory"/> is where its includes are looked up (default: the current directory).</summary>
    public static HoconObject Parse(string text, string name = "<string>", HoconOptions? options = null, string? directory = null)
    {
        options ??= new HoconOptions();
        var source = new HoconSource(name, text, directory);
        var root = HoconParser.ParseDocument(source, text, new HoconIncluder(options.Environment, options.Sandboxed), []);
        return HoconResolver.Resolve(root, options.Environment, options.Sandboxed);
    }
}
