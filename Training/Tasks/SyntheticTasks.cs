using System.Globalization;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tasks;

/// <summary>
/// Generated tasks that need no files. Both are seeded by <see cref="SyntheticSettings.Seed"/> (the same data for every
/// trial of a sweep) and need attention across positions:
/// <list type="bullet">
/// <item><c>synthetic-majority</c> (classify): the first token is a query key (<c>&lt;key0&gt;</c> or <c>&lt;key1&gt;</c>);
/// random filler tokens hold <c>key marker</c> pairs; the label is the marker that most often follows the queried key.
/// The other key is followed more often by a decoy marker, and loose decoys fill the rest, so neither counting markers
/// nor counting keyed markers works: each marker must be related to its predecessor and to the first token.</item>
/// <item><c>synthetic-induction</c> (language model): episodes <c>&lt;sep&gt; x₁…x_k x₁…x_k</c> of random tokens with a
/// random k; the second half is predictable only by copying from the first (an induction head).</item>
/// </list>
/// </summary>
internal static class SyntheticTasks
{
    /// <summary>Vocabulary of the majority task: specials, filler tokens t0.., markers m0.., &lt;key0&gt;, &lt;key1&gt;.</summary>
    public static Vocabulary MajorityVocabulary(SyntheticSettings s) =>
        new([Vocabulary.Pad, Vocabulary.Unk, .. Names("t", s.Vocab), .. Names("m", s.Markers), "<key0>", "<key1>"]);

    /// <summary>Vocabulary of the induction task: specials, tokens t0.., &lt;sep&gt;.</summary>
    public static Vocabulary InductionVocabulary(SyntheticSettings s) =>
        new([Vocabulary.Pad, Vocabulary.Unk, .. Names("t", s.Vocab), "<sep>"]);

    /// <summary>Class names of the majority task (the markers).</summary>
    public static LabelMap MajorityLabels(SyntheticSettings s) => new(Names("m", s.Markers));

    /// <summary><paramref name="count"/> examples of the majority task from stream <paramref name="part"/> (0 train, 1 validation).</summary>
    public static IReadOnlyList<ClassifyExample> Majority(SyntheticSettings s, int count, int part)
    {
        var rng = new DataRng(SubSeed(s.Seed, part));
        int length = s.SeqLen;
        int firstMarker = 2 + s.Vocab;
        int firstKey = firstMarker + s.Markers;
        int slotsTotal = (length / 2) - 1;
        int pairs = Math.Max(1, slotsTotal / 3);
        int wins = (pairs / 2) + 1;
        var examples = new List<ClassifyExample>(count);
        for (int n = 0; n < count; n++)
        {
            int[] tokens = new int[length];
            for (int i = 0; i < length; i++)
            {
                tokens[i] = 2 + rng.NextInt(s.Vocab);
            }

            int query = rng.NextInt(2);
            tokens[0] = firstKey + query;
            int label = rng.NextInt(s.Markers);
            int decoy = (label + 1 + rng.NextInt(s.Markers - 1)) % s.Markers;
            int[] slots = rng.Permutation(slotsTotal);
            int slot = 0;

            void Place(int key, int marker)
            {
                if (slot < slots.Length)
                {
                    int at = 2 * (slots[slot++] + 1);
                    if (key >= 0)
                    {
                        tokens[at] = key;
                    }

                    tokens[at + 1] = firstMarker + marker;
                }
            }

            // pairs after the queried key: the label wins their vote
            for (int p = 0; p < pairs; p++)
            {
                Place(firstKey + query, p < wins ? label : decoy);
            }

            // more pairs after the other key, all with the decoy: counting every keyed marker picks the decoy
            for (int p = 0; p < wins + 1; p++)
            {
                Place(firstKey + 1 - query, decoy);
            }

            // loose decoys (not after a key) in any slots left
            while (slot < slots.Length)
            {
                Place(-1, decoy);
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
