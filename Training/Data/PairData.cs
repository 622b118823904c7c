using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Data;

/// <summary>
/// A sequence-to-sequence example: source ids (truncated to the source block), target ids (without &lt;s&gt; and
/// &lt;/s&gt;, truncated so both fit the target block) and the detokenized reference text BLEU compares against.
/// </summary>
internal sealed record PairExample(int[] Source, int[] Target, string Reference);

/// <summary>The fixed special tokens of sequence-to-sequence vocabularies and batching of <see cref="PairExample"/>s.</summary>
internal static class Pairs
{
    /// <summary>Start of the decoder input (id 2).</summary>
    public const string Bos = "<s>";

    /// <summary>End of a target (id 3).</summary>
    public const string Eos = "</s>";

    /// <summary>The span-corruption placeholder in a source (id 4).</summary>
    public const string Mask = "<mask>";

    /// <summary>Id of <see cref="Bos"/>.</summary>
    public const int BosId = 2;

    /// <summary>Id of <see cref="Eos"/>.</summary>
    public const int EosId = 3;

    /// <summary>Id of <see cref="Mask"/>.</summary>
    public const int MaskId = 4;

    /// <summary>A vocabulary of <c>&lt;pad&gt; &lt;unk&gt; &lt;s&gt; &lt;/s&gt; &lt;mask&gt;</c> then the tokens of <paramref name="streams"/> (most frequent first).</summary>
    public static Vocabulary BuildVocabulary(IEnumerable<IEnumerable<string>> streams, int minFreq, int maxVocab)
    {
        Vocabulary built = Vocabulary.Build(streams, minFreq, maxVocab > 0 ? Math.Max(2, maxVocab - 3) : 0);
        return new Vocabulary([Vocabulary.Pad, Vocabulary.Unk, Bos, Eos, Mask, .. built.Tokens.Skip(2).Where(t => t is not (Bos or Eos or Mask))]);
    }

    /// <summary>True when <paramref name="v"/> has the special tokens at their fixed ids.</summary>
    public static bool HasSpecials(Vocabulary v) =>
        v.Count > MaskId && v.Tokens[BosId] == Bos && v.Tokens[EosId] == Eos && v.Tokens[MaskId] == Mask;

    /// <summary>An example of token strings, truncated to fit <paramref name="srcBlock"/> and <paramref name="tgtBlock"/>.</summary>
    public static PairExample Encode(
        IReadOnlyList<string> source, IReadOnlyList<string> target, Vocabulary src, Vocabulary tgt, int srcBlock, int tgtBlock, string separator)
    {
        int[] s = src.Encode(source), t = tgt.Encode(target);
        int keep = Math.Min(t.Length, tgtBlock - 1);
        return new PairExample(s.Length > srcBlock ? s[..srcBlock] : s, t[..keep], string.Join(separator, target.Take(keep)));
    }

    /// <summary>
    /// A batch of <paramref name="examples"/> at <paramref name="indices"/>: <see cref="Batch.Source"/> [B, Ts] padded with 0,
    /// <see cref="Batch.Tokens"/> = decoder input <c>&lt;s&gt; y…</c> [B, Tt], <see cref="Batch.Targets"/> = <c>y… &lt;/s&gt;</c>
    /// (−1 beyond), Ts and Tt the longest in the batch.
    /// </summary>
    public static Batch Collate(IReadOnlyList<PairExample> examples, ReadOnlySpan<int> indices)
    {
        int size = indices.Length, ts = 1, tt = 1;
        foreach (int i in indices)
        {
            ts = Math.Max(ts, examples[i].Source.Length);
            tt = Math.Max(tt, examples[i].Target.Length + 1);
        }

        int[] source = new int[size * ts], input = new int[size * tt], targets = new int[size * tt];
        Array.Fill(targets, -1);
        for (int b = 0; b < size; b++)
        {
            PairExample e = examples[indices[b]];
            e.Source.CopyTo(source, b * ts);
            input[b * tt] = BosId;
            e.Target.CopyTo(input, (b * tt) + 1);
            e.Target.CopyTo(targets, b * tt);
            targets[(b * tt) + e.Target.Length] = EosId;
        }

        return new Batch(size, tt, input, targets) { Source = source, SourceLength = ts };
    }
}
