using SweepCluster.Training.Data;
using SweepCluster.Training.Model;
using SweepCluster.Training.Tests.Model;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

/// <summary>Greedy and beam decoding over a randomly initialised encoder–decoder.</summary>
public sealed class BeamSearchTests
{
    private static readonly int[] Source = [5, 6, 7, 8, 9, 6, 0, 0];

    private static Seq2SeqModel Model()
    {
        var config = new Seq2SeqConfig { SourceVocab = 12, TargetVocab = 12, SharedVocab = true, DModel = 8, Heads = 2, Layers = 1, DFF = 16, SourceBlock = 4, TargetBlock = 6 };
        var model = new Seq2SeqModel(config, maxBatch: 8, GradientCheck.Pool, seed: 3);
        GradientCheck.Scramble(model.Tensors, model.Parameters, 4);
        return model;
    }

    [Fact]
    public void Decode_BeamOne_EqualsStepwiseArgMax()
    {
        Seq2SeqModel model = Model();

        int[][] greedy = BeamSearch.Decode(model, Source, 2, 1, 5);

        for (int s = 0; s < 2; s++)
        {
            model.EncodeForDecoding(Source.AsSpan(s * 4, 4), 1, 1);
            var prefix = new List<int> { Pairs.BosId };
            var expected = new List<int>();
            while (prefix.Count <= 5)
            {
                ReadOnlySpan<float> logits = model.NextLogits([.. prefix], 1);
                int best = -1;
                for (int v = 0; v < logits.Length; v++)
                {
                    if (v is not (0 or Pairs.BosId) && (best < 0 || logits[v] > logits[best]))
                    {
                        best = v;
                    }
                }

                if (best == Pairs.EosId)
                {
                    break;
                }

                expected.Add(best);
                prefix.Add(best);
            }

            Assert.Equal(expected, greedy[s]);
        }
    }

    [Fact]
    public void Decode_WiderBeam_ScoresAtLeastGreedyPerToken()
    {
        Seq2SeqModel model = Model();
        int[][] greedy = BeamSearch.Decode(model, Source, 2, 1, 5);
        int[][] beam = BeamSearch.Decode(model, Source, 2, 4, 5);

        for (int s = 0; s < 2; s++)
        {
            Assert.True(Score(model, s, beam[s]) >= Score(model, s, greedy[s]) - 1e-9, $"source {s}");
        }
    }

    [Fact]
    public void Decode_SourceIdsBeyondTheTargetVocabulary_Accepted()
    {
        var config = new Seq2SeqConfig { SourceVocab = 30, TargetVocab = 8, DModel = 8, Heads = 2, Layers = 1, DFF = 16, SourceBlock = 3, TargetBlock = 4 };
        var model = new Seq2SeqModel(config, maxBatch: 4, GradientCheck.Pool, seed: 3);

        int[][] decoded = BeamSearch.Decode(model, [29, 25, 20, 28, 0, 0], 2, 2, 3);

        Assert.Equal(2, decoded.Length);
        Assert.All(decoded, d => Assert.All(d, id => Assert.InRange(id, 1, 7)));
    }

    // Mean log-probability per token of hypothesis + </s> (what beam search ranks by).
    private static double Score(Seq2SeqModel model, int s, int[] hyp)
    {
        model.EncodeForDecoding(Source.AsSpan(s * 4, 4), 1, 1);
        double total = 0;
        int[] full = [Pairs.BosId, .. hyp, Pairs.EosId];
        for (int t = 1; t < full.Length; t++)
        {
            ReadOnlySpan<float> z = model.NextLogits(full.AsSpan(0, t), 1);
            double max = double.NegativeInfinity, sum = 0;
            foreach (float x in z)
            {
                max = Math.Max(max, x);
            }

            foreach (float x in z)
            {
                sum += Math.Exp(x - max);
            }

            total += z[full[t]] - max - Math.Log(sum);
        }

        return total / (full.Length - 1);
    }
}
