using System.Globalization;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tasks;

/// <summary>
/// Generated tasks that need no files. Both are seeded by <see cref="SyntheticSettings.Seed"/> (the same data for every
/// trial of a sweep) and need attention across positions:
/// <list type="bullet">
/// <item><c>synthetic-majority</c> (classify): random filler tokens with some <c>&lt;key&gt; marker</c> pairs; the label
/// is the marker that follows <c>&lt;key&gt;</c> most often. Loose markers (not after a key) are planted so that the
/// most frequent marker overall is a different one: counting tokens (mean pooling) is not enough.</item>
/// <item><c>synthetic-induction</c> (language model): episodes <c>&lt;sep&gt; x₁…x_k x₁…x_k</c> of random tokens; the
/// second half is predictable only by copying from the first (an induction head).</item>
/// </list>
/// </summary>
internal static class SyntheticTasks
{
    /// <summary>Vocabulary of the majority task: specials, filler tokens t0.., markers m0.., &lt;key&gt;.</summary>
    public static Vocabulary MajorityVocabulary(SyntheticSettings s) =>
        new([Vocabulary.Pad, Vocabulary.Unk, .. Names("t", s.Vocab), .. Names("m", s.Markers), "<key>"]);

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
        int key = firstMarker + s.Markers;
        int pairs = Math.Max(1, length / 6);
        var examples = new List<ClassifyExample>(count);
        for (int n = 0; n < count; n++)
        {
            int[] tokens = new int[length];
            for (int i = 0; i < length; i++)
            {
                tokens[i] = 2 + rng.NextInt(s.Vocab);
            }

            int label = rng.NextInt(s.Markers);
            int decoy = (label + 1 + rng.NextInt(s.Markers - 1)) % s.Markers;
            int[] slots = rng.Permutation(length / 2);
            int slot = 0;

            // keyed markers: the label wins the keyed vote (pairs − pairs/2 of them at least, others get the rest)
            int wins = (pairs / 2) + 1;
            for (int p = 0; p < pairs && slot < slots.Length; p++, slot++)
            {
                int marker = p < wins ? label : decoy;
                tokens[2 * slots[slot]] = key;
                tokens[(2 * slots[slot]) + 1] = firstMarker + marker;
            }

            // loose decoys (not after a key) so the decoy is the most frequent marker overall
            for (int d = 0; d < wins + 1 && slot < slots.Length; d++, slot++)
            {
                tokens[(2 * slots[slot]) + 1] = firstMarker + decoy;
            }

            examples.Add(new ClassifyExample(tokens, label));
        }

        return examples;
    }

    /// <summary>A token stream of <paramref name="episodes"/> induction episodes from stream <paramref name="part"/>.</summary>
    public static int[] Induction(SyntheticSettings s, int episodes, int part)
    {
        var rng = new DataRng(SubSeed(s.Seed, part));
        int k = s.SeqLen;
        int sep = 2 + s.Vocab;
        int[] stream = new int[episodes * ((2 * k) + 1)];
        int at = 0;
        for (int e = 0; e < episodes; e++)
        {
            stream[at++] = sep;
            for (int i = 0; i < k; i++)
            {
                stream[at + i] = 2 + rng.NextInt(s.Vocab);
                stream[at + k + i] = stream[at + i];
            }

            at += 2 * k;
        }

        return stream;
    }

    private static ulong SubSeed(long seed, int part)
    {
        ulong x = unchecked((ulong)seed) ^ (0xA24BAED4963EE407UL * (ulong)(part + 1));
        return x;
    }

    private static string[] Names(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))];
}
