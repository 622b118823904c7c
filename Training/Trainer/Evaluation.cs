using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>Evaluates a model over a whole data set (or its first <c>eval_batches</c> batches), in a fixed order.</summary>
internal static class Evaluation
{
    /// <summary>
    /// Classifiers: batches of <paramref name="examples"/> in file order. Language models: consecutive windows over
    /// <paramref name="stream"/>. <paramref name="maxBatches"/> = 0 covers everything.
    /// </summary>
    public static EvalTotals Run(ITaskModel model, EngineSettings s, IReadOnlyList<ClassifyExample> examples, int[] stream, int maxBatches)
    {
        var totals = default(EvalTotals);
        int done = 0;
        foreach (Batch batch in Batches(s, examples, stream))
        {
            if (maxBatches > 0 && done == maxBatches)
            {
                break;
            }

            totals += model.Evaluate(batch);
            done++;
        }

        return totals;
    }

    private static IEnumerable<Batch> Batches(EngineSettings s, IReadOnlyList<ClassifyExample> examples, int[] stream)
    {
        if (!s.IsClassifier)
        {
            foreach (Batch b in Data.Batches.ConsecutiveWindows(stream, s.BlockSize, s.BatchSize))
            {
                yield return b;
            }

            yield break;
        }

        int[] all = [.. Enumerable.Range(0, examples.Count)];
        for (int from = 0; from < examples.Count; from += s.BatchSize)
        {
            yield return Data.Batches.Classify(examples, all.AsSpan(from, Math.Min(s.BatchSize, examples.Count - from)), s.BlockSize);
        }
    }
}
