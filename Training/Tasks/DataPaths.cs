using System.Text.Json;
using System.Text.Json.Nodes;

namespace SweepCluster.Training.Tasks;

/// <summary>Resolves the relative file paths of a settings object against the folder of the file that declared them.</summary>
internal static class DataPaths
{
    /// <summary>
    /// A copy of <paramref name="settings"/> where <c>init_from</c> and every relative string under <c>data { }</c> (also inside lists, e.g. <c>vocab_files</c>) is made absolute against
    /// <paramref name="baseDirectory"/>; other values are unchanged.
    /// </summary>
    public static JsonElement Resolve(JsonElement settings, string baseDirectory)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            return settings;
        }

        JsonObject root = JsonNode.Parse(settings.GetRawText())!.AsObject();
        if (root["init_from"] is JsonValue init && init.TryGetValue(out string? initPath) && initPath.Length > 0 && !Path.IsPathRooted(initPath))
        {
            root["init_from"] = Path.GetFullPath(Path.Combine(baseDirectory, initPath));
        }

        if (root["data"] is not JsonObject d)
        {
            return JsonSerializer.SerializeToElement(root);
        }

        foreach (string key in d.Select(kv => kv.Key).ToList())
        {
            if (d[key] is JsonValue v && v.TryGetValue(out string? path) && !Path.IsPathRooted(path))
            {
                d[key] = Path.GetFullPath(Path.Combine(baseDirectory, path));
            }
            else if (d[key] is JsonArray list)
            {
                for (int i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonValue e && e.TryGetValue(out string? item) && item.Length > 0 && !Path.IsPathRooted(item))
                    {
                        list[i] = Path.GetFullPath(Path.Combine(baseDirectory, item));
                    }
                }
            }
        }

        return JsonSerializer.SerializeToElement(root);
    }
}
