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

    /// <summary>Loads sweep text; relative paths and includes resolve against <paramref name="directory"/> (default: current).</summary>
    public static SweepFile LoadText(string text, string name = "sweep.hocon", HoconOptions? options = null, string? directory = null)
    {
        var root = HoconLoader.Parse(text, name, options, directory ?? Directory.GetCurrentDirectory());
        return SweepFileBinder.Bind(root, Path.GetFileNameWithoutExtension(name));
    }
}
