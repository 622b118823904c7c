using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Evaluation of the sequence-to-sequence tasks over pairs in file order (the first <c>eval_batches</c> batches, or all):
/// <c>PREFIX_loss</c> (teacher-forced cross-entropy per target token, &lt;/s&gt; included, without label smoothing),
/// <c>PREFIX_token_accuracy</c> (teacher-forced arg-max hits) and <c>PREFIX_bleu</c> (corpus BLEU of the decoded
/// hypotheses, detokenized, against the references; greedy or beam_size).
/// </summary>
internal static class Seq2SeqEvaluation
{
    /// <summary>Adds the three metrics of <paramref name="pairs"/> to <paramref name="values"/>.</summary>
    public static void Add(
        Dictionary<string, double> values, string prefix, ITaskModel model, EngineSettings s, TaskData data, IReadOnlyList<PairExample> pairs, int maxBatches)
    {
        var decoder = (ISequenceDecoder)model;
        var totals = default(EvalTotals);
        var hypotheses = new List<string>();
        var references = new List<string>();
        var target = data.TargetVocab ?? data.Vocab;
        int[] all = [.. Enumerable.Range(0, pairs.Count)];
        for (int from = 0, done = 0; from < pairs.Count && (maxBatches == 0 || done < maxBatches); from += s.BatchSize, done++)
        {
            ReadOnlySpan<int> picked = all.AsSpan(from, Math.Min(s.BatchSize, pairs.Count - from));
            Batch batch = Pairs.Collate(pairs, picked);
            totals += model.Evaluate(batch);
            IReadOnlyList<int[]> decoded = decoder.Decode(batch, s.BeamSize, s.BlockSize - 1);
            for (int i = 0; i < decoded.Count; i++)
            {
                hypotheses.Add(string.Join(data.Separator, decoded[i].Select(id => target.Tokens[id])));
                references.Add(pairs[picked[i]].Reference);
            }
        }

        values[prefix + "_loss"] = totals.MeanLoss;
        values[prefix + "_token_accuracy"] = totals.Accuracy;
        values[prefix + "_bleu"] = Bleu.Corpus(hypotheses, references);
    }
}
