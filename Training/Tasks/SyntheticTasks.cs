using System.Globalization;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tasks;

/// <summary>
/// Generated tasks that need no files. Both are seeded by <see cref="SyntheticSettings.Seed"/> (the same data for every
/// trial of a sweep) and need two attention steps, one after the other, so a one-layer model cannot solve them:
/// <list type="bullet">
/// <item><c>synthetic-majority</c> (classify): <c>&lt;cls&gt;</c>, then random filler holding two markers four times
/// each: the label's marker always right after a <c>&lt;key&gt;</c>, the other marker loose. Counting tokens says nothing
/// (both markers occur equally often); the label is the marker that holds the majority (all) of the places after
/// <c>&lt;key&gt;</c>. It is read at <c>&lt;cls&gt;</c> (<c>pooling = first</c>, the default for this task): one layer at
/// <c>&lt;cls&gt;</c> sees only a bag of tokens (50% between the two markers), two layers let each marker learn its
/// predecessor (layer 1) and <c>&lt;cls&gt;</c> gather the keyed markers (layer 2).</item>
/// <item><c>synthetic-induction</c> (language model): episodes <c>&lt;sep&gt; x₁…x_k x₁…x_k</c> of random tokens with a
/// random k; the second half is predictable only by copying from the first: find the earlier occurrence of the current
/// token and copy its successor (an induction head: a previous-token head in layer 1, the copy in layer 2).</item>
/// </list>
/// </summary>
internal static class SyntheticTasks
{
    /// <summary>Vocabulary of the induction task: specials, tokens t0.., &lt;sep&gt;.</summary>
    public static Vocabulary InductionVocabulary(SyntheticSettings s) =>
        new([Vocabulary.Pad, Vocabulary.Unk, .. Names("t", s.Vocab), "<sep>"]);

    /// <summary>Class names of the majority task (the markers).</summary>
    public static LabelMap MajorityLabels(SyntheticSettings s) => new(Names("m", s.Markers));

    /// <summary>Vocabulary of the majority task: specials, filler tokens t0.., markers m0.., &lt;key&gt;, &lt;cls&gt;.</summary>
    public static Vocabulary MajorityVocabulary(SyntheticSettings s) =>
        new([Vocabulary.Pad, Vocabulary.Unk, .. Names("t", s.Vocab), .. Names("m", s.Markers), "<key>", "<cls>"]);

    /// <summary>Shortest sequence of the majority task: &lt;cls&gt; and eight pairs.</summary>
    public const int MajorityMinLength = 17;

    /// <summary><paramref name="count"/> examples of the majority task from stream <paramref name="part"/> (0 train, 1 validation).</summary>
    public static IReadOnlyList<ClassifyExample> Majority(SyntheticSettings s, int count, int part)
    {
        if (s.SeqLen < MajorityMinLength)
        {
            throw new ArgumentException($"seq_len {s.SeqLen} is shorter than {MajorityMinLength}", nameof(s));
        }

        var rng = new DataRng(SubSeed(s.Seed, part));
        int m = s.Markers, firstMarker = 2 + s.Vocab, key = firstMarker + m;
        int slots = (s.SeqLen - 1) / 2;
        var examples = new List<ClassifyExample>(count);
        for (int n = 0; n < count; n++)
        {
            int[] tokens = new int[s.SeqLen];
            for (int i = 0; i < tokens.Length; i++)
            {
                tokens[i] = 2 + rng.NextInt(s.Vocab);
            }

            int label = rng.NextInt(m);
            int other = (label + 1 + rng.NextInt(m - 1)) % m;
            tokens[0] = key + 1;
            int[] where = rng.Permutation(slots);
            // p 0..3: <key> label; p 4..7: filler other
            for (int p = 0; p < 8; p++)
            {
                int at = 1 + (2 * where[p]);
                if (p < 4)
                {
                    tokens[at] = key;
                }

                tokens[at + 1] = firstMarker + (p < 4 ? label : other);
            }

            examples.Add(new ClassifyExample(tokens, label));
        }

        return examples;
    }

    /// <summary>
    /// A token stream of <paramref name="episodes"/> induction episodes from stream <paramref name="part"/>; each
    /// episode's half length k is drawn from [max(2, seq_len/2), seq_len], so the copy distance varies and a fixed-offset
    /// (one-layer, positional) copy is not enough.
    /// </summary>
    public static int[] Induction(SyntheticSettings s, int episodes, int part)
    {
        var rng = new DataRng(SubSeed(s.Seed, part));
        int min = Math.Max(2, s.SeqLen / 2);
        int sep = 2 + s.Vocab;
        var stream = new List<int>(episodes * ((2 * s.SeqLen) + 1));
        for (int e = 0; e < episodes; e++)
        {
            int k = min + rng.NextInt(s.SeqLen - min + 1);
            stream.Add(sep);
            int at = stream.Count;
            for (int i = 0; i < k; i++)
            {
                stream.Add(2 + rng.NextInt(s.Vocab));
            }

            for (int i = 0; i < k; i++)
            {
                stream.Add(stream[at + i]);
            }
        }

        return [.. stream];
    }

    private static ulong SubSeed(long seed, int part)
    {
        ulong x = unchecked((ulong)seed) ^ (0xA24BAED4963EE407UL * (ulong)(part + 1));
        return x;
    }

    private static string[] Names(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];
}
