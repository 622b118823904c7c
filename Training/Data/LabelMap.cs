using System.Globalization;

namespace SweepCluster.Training.Data;

/// <summary>
/// Class label names ↔ class ids. When every training label is a non-negative integer, the id is that integer (names
/// "0".."max"); otherwise labels get ids in order of first appearance. Saved in the checkpoint as its name list.
/// </summary>
internal sealed class LabelMap
{
    private readonly Dictionary<string, int> _ids;

    /// <summary>Creates a map from its names (index = class id).</summary>
    public LabelMap(IReadOnlyList<string> names)
    {
        Names = names;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            _ids[names[i]] = i;
        }
    }

    /// <summary>Class names; index = class id.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of classes.</summary>
    public int Count => Names.Count;

    /// <summary>Builds the map from the training labels.</summary>
    public static LabelMap Build(IEnumerable<string> labels)
    {
        List<string> all = [.. labels];
        if (all.Count > 0 && all.All(IsSmallInteger))
        {
            int max = all.Max(l => int.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture));
            return new LabelMap([.. Enumerable.Range(0, max + 1).Select(i => i.ToString(CultureInfo.InvariantCulture))]);
        }

        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string label in all)
        {
            if (seen.Add(label))
            {
                names.Add(label);
            }
        }

        return new LabelMap(names);
    }

    /// <summary>The id of <paramref name="label"/>; an unknown label is an error naming <paramref name="where"/>.</summary>
    public int Id(string label, string where)
    {
        string key = IsSmallInteger(label) ? int.Parse(label, NumberStyles.None, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : label;
        return _ids.TryGetValue(key, out int id)
            ? id
            : throw new DataException($"{where}: label '{label}' does not occur in the training data");
    }

    private static bool IsSmallInteger(string s) =>
        s.Length is > 0 and <= 6 && s.All(char.IsAsciiDigit);
}
