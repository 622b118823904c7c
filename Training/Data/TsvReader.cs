namespace SweepCluster.Training.Data;

/// <summary>One labelled row of a classification file, with its 1-based line number.</summary>
internal sealed record LabelledText(string Label, string Text, int Line);

/// <summary>
/// Reads <c>label&lt;TAB&gt;text</c> files: CRLF or LF, a missing final newline and blank lines are fine; a non-blank line
/// without a tab or with an empty label is an error naming file:line.
/// </summary>
internal static class TsvReader
{
    /// <summary>The rows of the file at <paramref name="path"/>.</summary>
    public static IReadOnlyList<LabelledText> Read(string path)
    {
        string content = DataFiles.ReadAllText(path);
        return Parse(content, path);
    }

    /// <summary>The rows of <paramref name="content"/>; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<LabelledText> Parse(string content, string source)
    {
        var rows = new List<LabelledText>();
        string[] lines = content.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                throw new DataException($"{source}:{i + 1}: expected 'label<TAB>text', found no tab");
            }

            string label = line[..tab].Trim();
            if (label.Length == 0)
            {
                throw new DataException($"{source}:{i + 1}: empty label");
            }

            rows.Add(new LabelledText(label, line[(tab + 1)..], i + 1));
        }

        return rows;
    }
}

/// <summary>A data file is missing or malformed; the message names the file (and line).</summary>
internal sealed class DataException(string message) : Exception(message);

/// <summary>File reading with errors that name the file.</summary>
internal static class DataFiles
{
    /// <summary>The text of <paramref name="path"/> (UTF-8), or a <see cref="DataException"/> naming it.</summary>
    public static string ReadAllText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"{path}: cannot read ({e.Message})");
        }
    }
}
