namespace SweepCluster.Training.Tasks;

/// <summary>
/// Corpus BLEU (Papineni et al. 2002) with uniform 4-gram weights and the brevity penalty, defined as NLTK's
/// <c>corpus_bleu</c> without smoothing: clipped n-gram matches and hypothesis n-gram counts are summed over the corpus
/// (a hypothesis with no n-grams of an order still adds 1 to that order's denominator, as NLTK does), the brevity
/// penalty uses the sum of each hypothesis's closest reference length (ties to the shorter), no unigram match gives 0,
/// and a higher order without matches enters the geometric mean as the smallest normal double (so the score is ~0).
/// Tokens are the whitespace-separated words of the detokenized text (<see cref="Words"/>).
/// </summary>
internal static class Bleu
{
    private const int MaxOrder = 4;

    /// <summary>The whitespace-separated words of <paramref name="text"/>.</summary>
    public static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Corpus BLEU in [0, 1] of hypotheses against one reference each.</summary>
    public static double Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<string> references)
    {
        if (hypotheses.Count != references.Count)
        {
            throw new ArgumentException($"{hypotheses.Count} hypotheses but {references.Count} references");
        }

        return Corpus(
            [.. hypotheses.Select(Words)],
            [.. references.Select(r => (IReadOnlyList<IReadOnlyList<string>>)[Words(r)])]);
    }

    /// <summary>Corpus BLEU of tokenized hypotheses, each against one or more tokenized references.</summary>
    public static double Corpus(IReadOnlyList<IReadOnlyList<string>> hypotheses, IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> references)
    {
        long[] matches = new long[MaxOrder + 1], totals = new long[MaxOrder + 1];
        long hypLength = 0, refLength = 0;
        for (int s = 0; s < hypotheses.Count; s++)
        {
            IReadOnlyList<string> hyp = hypotheses[s];
            for (int n = 1; n <= MaxOrder; n++)
            {
                Dictionary<string, int> counts = NGrams(hyp, n);
                var maxRef = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (IReadOnlyList<string> reference in references[s])
                {
                    foreach ((string gram, int count) in NGrams(reference, n))
                    {
                        maxRef[gram] = Math.Max(maxRef.GetValueOrDefault(gram), count);
                    }
                }

                long total = 0;
                foreach ((string gram, int count) in counts)
                {
                    matches[n] += Math.Min(count, maxRef.GetValueOrDefault(gram));
                    total += count;
                }

                totals[n] += Math.Max(1, total);
            }

            hypLength += hyp.Count;
            refLength += references[s].Select(r => r.Count).OrderBy(l => Math.Abs(l - hyp.Count)).ThenBy(l => l).First();
        }

        if (matches[1] == 0)
        {
            return 0;
        }

        double logSum = 0;
        for (int n = 1; n <= MaxOrder; n++)
        {
            double p = matches[n] == 0 ? 2.2250738585072014E-308 : (double)matches[n] / totals[n];
            logSum += Math.Log(p) / MaxOrder;
        }

        double bp = hypLength > refLength ? 1 : hypLength == 0 ? 0 : Math.Exp(1 - ((double)refLength / hypLength));
        return bp * Math.Exp(logSum);
    }

    private static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + n <= tokens.Count; i++)
        {
            string gram = string.Join('\u0001', Enumerable.Range(i, n).Select(j => tokens[j]));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }
}
