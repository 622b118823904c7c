using YamlDotNet.RepresentationModel;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>Null-tolerant navigation over YamlDotNet's representation model.</summary>
internal static class YamlNav
{
    /// <summary>The value of <paramref name="key"/> when <paramref name="node"/> is a mapping that has it.</summary>
    public static YamlNode? Get(this YamlNode? node, string key)
    {
        if (node is not YamlMappingNode map)
        {
            return null;
        }

        foreach (var (k, v) in map.Children)
        {
            if (k is YamlScalarNode s && s.Value == key)
            {
                return v;
            }
        }

        return null;
    }

    /// <summary>Follows a path of mapping keys.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node.Get(key);
        }

        return node;
    }

    /// <summary>The scalar's text, or null when the node is missing or not a scalar.</summary>
    public static string? Str(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    /// <summary>The items of a sequence; empty when the node is missing or not a sequence.</summary>
    public static IEnumerable<YamlNode> Items(this YamlNode? node) =>
        node is YamlSequenceNode seq ? seq.Children : [];

    /// <summary>The scalar items of a sequence.</summary>
    public static IReadOnlyList<string> Strings(this YamlNode? node) =>
        [.. node.Items().Select(i => i.Str() ?? "")];

    /// <summary>The keys of a mapping; empty when the node is missing or not a mapping.</summary>
    public static IEnumerable<string> Keys(this YamlNode? node) =>
        node is YamlMappingNode map ? map.Children.Keys.Select(k => k.Str() ?? "") : [];

    /// <summary>A mapping of scalars as a dictionary (labels, selectors).</summary>
    public static IReadOnlyDictionary<string, string> StringMap(this YamlNode? node) =>
        node is YamlMappingNode map
            ? map.Children.ToDictionary(kv => kv.Key.Str() ?? "", kv => kv.Value.Str() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>();
}
