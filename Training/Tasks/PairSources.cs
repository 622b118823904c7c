using SweepCluster.Training.Data;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tasks;

/// <summary>Raw (source, target) token pairs of the sequence-to-sequence tasks: users' TSV corpora and span corruption.</summary>
internal static class PairSources
{
    /// <summary>
    /// The rows of a parallel corpus, one <c>source&lt;TAB&gt;target</c> per line (blank lines skipped), each side split by
    /// <paramref name="tokenizer"/>. A row without a tab or with an empty side is a <see cref="DataException"/> naming file:line.
    /// </summary>
    public static List<(string[] Source, string[] Target)> ReadTsv(string path, ITokenizer tokenizer)
    {
        string[] lines = DataFiles.ReadAllText(path).Split('\n');
        var pairs = new List<(string[], string[])>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            int tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab < 0)
            {
                throw new DataException($"{path}:{i + 1}: expected 'source<TAB>target', found no tab");
            }

            string[] source = [.. tokenizer.Tokenize(line[..tab])], target = [.. tokenizer.Tokenize(line[(tab + 1)..])];
            if (source.Length == 0 || target.Length == 0)
            {
                throw new DataException($"{path}:{i + 1}: empty {(source.Length == 0 ? "source" : "target")}");
            }

            pairs.Add((source, target));
        }

        return pairs.Count > 0 ? pairs : throw new DataException($"{path}: no rows");
    }

    /// <summary>
    /// Span corruption of a text file, one example per non-blank line: the line's tokens (at most <paramref name="block"/>)
    /// with one random span replaced by <c>&lt;mask&gt;</c> as the source, the span as the target. The span length is
    /// round(<paramref name="fraction"/> × tokens), at least 1 and leaving at least one token; its start is uniform.
    /// Seeded by <paramref name="seed"/>, so the corruption is the same for every trial (and fixed across epochs).
    /// </summary>
    public static List<(string[] Source, string[] Target)> SpanCorruption(string path, ITokenizer tokenizer, double fraction, int block, long seed)
    {
        var rng = new DataRng(unchecked((ulong)seed) ^ 0xC2B2AE3D27D4EB4FUL);
        var pairs = new List<(string[], string[])>();
        foreach (string line in DataFiles.ReadAllText(path).Split('\n'))
        {
            IReadOnlyList<string> all = tokenizer.Tokenize(line.Trim());
            if (all.Count < 2)
            {
                continue;
            }

            string[] tokens = [.. all.Take(block)];
            int length = Math.Clamp((int)Math.Round(fraction * tokens.Length), 1, tokens.Length - 1);
            int start = rng.NextInt(tokens.Length - length + 1);
            pairs.Add(([.. tokens[..start], Pairs.Mask, .. tokens[(start + length)..]], tokens[start..(start + length)]));
        }

        return pairs.Count > 0 ? pairs : throw new DataException($"{path}: no line with at least two tokens");
    }
}
