using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Loads a sweep file: HOCON (with includes, substitutions and <c>${?ENV}</c> overrides) bound and validated.</summary>
internal static class SweepFileLoader
{
    /// <summary>Loads <paramref name="path"/>; throws <see cref="ConfigException"/> whose message is the user-facing error.</summary>
    public static SweepFile Load(string path, HoconOptions? options = null)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: file not found");
        }

        var root = HoconLoader.LoadFile(path, options);
        return SweepFileBinder.Bind(root, Path.GetFileNameWithoutExtension(path)) with { Path = path };
    }

    /// <summary>
    /// Loads sweep text (a sweep posted over the network); relative paths and includes resolve against <paramref name="directory"/>
    /// (default: current). Without <paramref name="options"/> the text is sandboxed (<see cref="HoconOptions.Sandbox"/>):
    /// no include and no environment variable can reach the coordinator's files or secrets.
    /// </summary>
    public static SweepFile LoadText(string text, string name = "sweep.hocon", HoconOptions? options = null, string? directory = null)
    {
        var root = HoconLoader.Parse(text, name, options ?? HoconOptions.Sandbox, directory ?? Directory.GetCurrentDirectory());
        return SweepFileBinder.Bind(root, Path.GetFileNameWithoutExtension(name));
    }
}
