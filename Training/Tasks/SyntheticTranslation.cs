using System.Globalization;
using SweepCluster.Training.Data;

namespace SweepCluster.Training.Tasks;

/// <summary>
/// A generated translation task that needs attention (no parallel corpus is available offline: none of this machine's
/// package registries ships one). The source language is SVO with adjectives before nouns; the target is SOV with
/// adjectives after nouns, nouns inflected for case and number, adjectives for number, and the verb for tense and
/// for its subject's number. Source: <c>[a*] n [pl] TENSE v [a*] n [pl]</c>, e.g.
/// <c>a3 n1 pl past v2 a0 a5 n4</c> → <c>ko4-acc li0 li5 ko1-nom-pl li3-pl ta2-past-pl</c>. Solving it needs
/// reordering (the object first, adjectives moved behind their noun) and long-range re-inflection (the verb agrees
/// with the subject's <c>pl</c>, several tokens away); a word-by-word model cannot do it.
/// <para>Sizes: <c>synthetic.vocab</c> nouns (adjectives and verbs half as many, at least 2); the subject has 1–2
/// adjectives and the object 0–2, so every target has at least 4 tokens (NLTK's corpus BLEU counts a sentence without
/// 4-grams as one unmatched 4-gram, which would keep a perfect translation below 1).
/// Seeded by <c>synthetic.seed</c>: every trial of a sweep sees the same pairs.</para>
/// </summary>
internal static class SyntheticTranslation
{
    private static readonly string[] Tenses = ["past", "now", "will"];

    /// <summary><paramref name="count"/> (source, target) token lists from stream <paramref name="part"/> (0 train, 1 validation, 2 test).</summary>
    public static List<(string[] Source, string[] Target)> Generate(SyntheticSettings s, int count, int part)
    {
        var rng = new DataRng(unchecked((ulong)s.Seed) ^ (0x9E3779B97F4A7C15UL * (ulong)(part + 1)));
        int nouns = s.Vocab, small = Math.Max(2, s.Vocab / 2);
        var pairs = new List<(string[], string[])>(count);
        for (int i = 0; i < count; i++)
        {
            var src = new List<string>();
            var subject = Phrase(rng, nouns, small, src, minAdjectives: 1);
            int tense = rng.NextInt(Tenses.Length), verb = rng.NextInt(small);
            src.Add(Tenses[tense]);
            src.Add(Name("v", verb));
            var obj = Phrase(rng, nouns, small, src, minAdjectives: 0);
            var tgt = new List<string>();
            Inflect(obj, "acc", tgt);
            Inflect(subject, "nom", tgt);
            tgt.Add($"{Name("ta", verb)}-{Tenses[tense]}{(subject.Plural ? "-pl" : "")}");
            pairs.Add(([.. src], [.. tgt]));
        }

        return pairs;
    }

    private static (int Noun, int[] Adjectives, bool Plural) Phrase(DataRng rng, int nouns, int adjectives, List<string> src, int minAdjectives)
    {
        int[] adj = new int[minAdjectives + rng.NextInt(3 - minAdjectives)];
        for (int a = 0; a < adj.Length; a++)
        {
            adj[a] = rng.NextInt(adjectives);
            src.Add(Name("a", adj[a]));
        }

        int noun = rng.NextInt(nouns);
        bool plural = rng.NextInt(2) == 1;
        src.Add(Name("n", noun));
        if (plural)
        {
            src.Add("pl");
        }

        return (noun, adj, plural);
    }

    private static void Inflect((int Noun, int[] Adjectives, bool Plural) p, string @case, List<string> tgt)
    {
        string number = p.Plural ? "-pl" : "";
        tgt.Add($"{Name("ko", p.Noun)}-{@case}{number}");
        foreach (int a in p.Adjectives)
        {
            tgt.Add(Name("li", a) + number);
        }
    }

    private static string Name(string prefix, int i) => prefix + i.ToString(CultureInfo.InvariantCulture);
}
