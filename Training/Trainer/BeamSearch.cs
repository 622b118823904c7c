using SweepCluster.Training.Data;
using SweepCluster.Training.Model;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Beam search over <see cref="Seq2SeqModel"/> (beam 1 = greedy). Each source keeps up to <c>beam</c> live prefixes
/// scored by summed log-probability; a step expands every live prefix by every token (never &lt;pad&gt; or &lt;s&gt;),
/// keeps the best <c>beam</c> candidates, and a candidate ending in &lt;/s&gt; is finished. A source is done when
/// <c>beam</c> hypotheses finished or none is live; the answer is the finished (else live) hypothesis with the best
/// score per token (&lt;/s&gt; counted). Each step re-runs the decoder over the whole prefix (no key/value cache), ties
/// go to the lower beam and token index, so the result is deterministic.
/// </summary>
internal static class BeamSearch
{
    /// <summary>The hypotheses for sources <paramref name="source"/> [b, Ts].</summary>
    public static int[][] Decode(Seq2SeqModel model, int[] source, int b, int beam, int maxLength)
    {
        int rows = b * beam, v = model.Config.TargetVocab;
        maxLength = Math.Min(maxLength, model.Config.TargetBlock - 1);
        model.EncodeForDecoding(source, b, beam);
        var prefixes = new List<int>[rows];
        double[] scores = new double[rows];
        bool[] live = new bool[rows];
        for (int r = 0; r < rows; r++)
        {
            prefixes[r] = [Pairs.BosId];
            live[r] = r % beam == 0;
        }

        var finished = Enumerable.Range(0, b).Select(_ => new List<(int[] Tokens, double Score)>()).ToArray();
        bool[] done = new bool[b];
        double[] logp = new double[v];
        var candidates = new List<(double Score, int Beam, int Token)>();
        for (int step = 0; step <= maxLength && !done.All(d => d); step++)
        {
            int t = step + 1;
            int[] input = new int[rows * t];
            for (int r = 0; r < rows; r++)
            {
                prefixes[r].CopyTo(input, r * t);
            }

            ReadOnlySpan<float> logits = model.NextLogits(input, rows);
            for (int s = 0; s < b; s++)
            {
                if (done[s])
                {
                    continue;
                }

                candidates.Clear();
                for (int k = 0; k < beam; k++)
                {
                    int r = (s * beam) + k;
                    if (!live[r])
                    {
                        continue;
                    }

                    LogSoftmax(logits.Slice(r * v, v), logp);
                    for (int token = 0; token < v; token++)
                    {
                        if (token is not (0 or Pairs.BosId))
                        {
                            candidates.Add((scores[r] + (step == maxLength && token != Pairs.EosId ? double.NegativeInfinity : logp[token]), k, token));
                        }
                    }
                }

                candidates.Sort((x, y) => y.Score.CompareTo(x.Score) is var c && c != 0 ? c : x.Beam != y.Beam ? x.Beam.CompareTo(y.Beam) : x.Token.CompareTo(y.Token));
                var next = new List<(List<int> Prefix, double Score)>();
                foreach ((double score, int k, int token) in candidates.Take(beam))
                {
                    List<int> prefix = prefixes[(s * beam) + k];
                    if (token == Pairs.EosId || double.IsNegativeInfinity(score))
                    {
                        finished[s].Add(([.. prefix.Skip(1)], score / prefix.Count));
                    }
                    else
                    {
                        next.Add(([.. prefix, token], score));
                    }
                }

                for (int k = 0; k < beam; k++)
                {
                    int r = (s * beam) + k;
                    live[r] = k < next.Count;
                    (prefixes[r], scores[r]) = live[r] ? next[k] : ([Pairs.BosId], 0);
                    if (prefixes[r].Count != t + 1)
                    {
                        prefixes[r] = [.. prefixes[r], .. Enumerable.Repeat(0, t + 1 - prefixes[r].Count)];
                    }
                }

                done[s] = finished[s].Count >= beam || next.Count == 0;
            }
        }

        return [.. finished.Select(f => f.OrderByDescending(h => h.Score).Select(h => h.Tokens).FirstOrDefault() ?? [])];
    }

    private static void LogSoftmax(ReadOnlySpan<float> z, double[] logp)
    {
        double max = double.NegativeInfinity;
        foreach (float x in z)
        {
            max = Math.Max(max, x);
        }

        double sum = 0;
        foreach (float x in z)
        {
            sum += Math.Exp(x - max);
        }

        double logZ = max + Math.Log(sum);
        for (int j = 0; j < z.Length; j++)
        {
            logp[j] = z[j] - logZ;
        }
    }
}
