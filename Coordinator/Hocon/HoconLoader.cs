namespace SweepCluster.Coordinator.Hocon;

/// <summary>Options of <see cref="HoconLoader"/>.</summary>
internal sealed record HoconOptions
{
    /// <summary>Fallback for substitutions not found in the document (null = off); defaults to the process environment.</summary>
    public Func<string, string?>? Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Options with the environment fallback switched off.</summary>
    public static HoconOptions WithoutEnvironment { get; } = new() { Environment = null };
}

/// <summary>Entry points: parse, include, merge and resolve a HOCON document into a <see cref="HoconObject"/>.</summary>
internal static class HoconLoader
{
    /// <summary>Loads the file at <paramref name="path"/> (errors name it as given); throws <see cref="ConfigException"/>.</summary>
    public static HoconObject LoadFile(string path, HoconOptions? options = null)
    {
        var environment = (options ?? new HoconOptions()).Environment;
        var root = new HoconIncluder(environment).ParseFile(path, path, [], includedFrom: null);
        return HoconResolver.Resolve(root, environment);
    }

    /// <summary>Parses text; <paramref name="directory"/> is where its includes are looked up (default: the current directory).</summary>
    public static HoconObject Parse(string text, string name = "<string>", HoconOptions? options = null, string? directory = null)
    {
        var environment = (options ?? new HoconOptions()).Environment;
        var source = new HoconSource(name, text, directory);
        var root = HoconParser.ParseDocument(source, text, new HoconIncluder(environment), []);
        return HoconResolver.Resolve(root, environment);
    }
}
