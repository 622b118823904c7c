using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Trainer;

public sealed class EvaluationTests
{
    /// <summary>A model whose evaluation is a known function of the batch: loss = first token of each row, correct when label is 1.</summary>
    private sealed class ScriptedModel : ITaskModel
    {
        public List<(int Size, int Length)> Seen { get; } = [];

        public long ParameterCount => 0;

        public IReadOnlyList<NamedTensor> Parameters => [];

        public IReadOnlyList<NamedTensor> OptimizerState => [];

        public long OptimizerStep { get; set; }

        public ulong[] DropoutRngState { get; set; } = [];

        public double TrainStep(Batch batch) => 0;

        public EvalTotals Evaluate(Batch batch)
        {
            Seen.Add((batch.Size, batch.Length));
            double loss = 0;
            long correct = 0;
            for (int b = 0; b < batch.Size; b++)
            {
                loss += batch.Tokens[b * batch.Length];
                correct += batch.Targets.Length == batch.Size && batch.Targets[b] == 1 ? 1 : 0;
            }

            long count = batch.Targets.Length;
            return new EvalTotals(batch.Targets.Length == batch.Size ? loss : loss * batch.Length, count, correct);
        }

        public IReadOnlyList<float[]> LastAttention() => [];

        public void Dispose()
        {
        }
    }

    [Fact]
    public void Run_ClassifierExamples_SumsLossAndAccuracyOverEveryBatch()
    {
        ClassifyExample[] examples = [new([2], 1), new([4], 0), new([3], 1), new([1], 1), new([5], 0)];
        var s = new EngineSettings { Task = "classify", BatchSize = 2, BlockSize = 3 };
        var model = new ScriptedModel();
        EvalTotals t = Evaluation.Run(model, s, examples, [], 0);
        Assert.Equal([(2, 3), (2, 3), (1, 3)], model.Seen);
        Assert.Equal(new EvalTotals(15, 5, 3), t);
        Assert.Equal(3.0, t.MeanLoss);
        Assert.Equal(0.6, t.Accuracy);
    }

    [Fact]
    public void Run_EvalBatchesLimit_StopsAfterThatManyBatches()
    {
        ClassifyExample[] examples = [new([2], 1), new([4], 0), new([3], 1), new([1], 1), new([5], 0)];
        var s = new EngineSettings { Task = "classify", BatchSize = 2, BlockSize = 3 };
        EvalTotals t = Evaluation.Run(new ScriptedModel(), s, examples, [], 1);
        Assert.Equal(new EvalTotals(6, 2, 1), t);
    }

    [Fact]
    public void Run_LanguageModelStream_CoversEveryTokenInConsecutiveWindows()
    {
        // stream of 8 tokens, block 3: windows start at 0 and 3 (3 predictions each), then a last window of 1
        int[] stream = [1, 2, 3, 4, 5, 6, 7, 8];
        var s = new EngineSettings { Task = "language-model", BatchSize = 4, BlockSize = 3 };
        var model = new ScriptedModel();
        EvalTotals t = Evaluation.Run(model, s, [], stream, 0);
        Assert.Equal([(2, 3), (1, 1)], model.Seen);
        Assert.Equal(7, t.Count);
        Assert.Equal(((1 + 4) * 3) + 7, t.LossSum);
        Assert.Equal(Math.Exp(22.0 / 7), Math.Exp(t.MeanLoss), 12);
    }

    [Fact]
    public void EvalTotals_Empty_IsNaN()
    {
        Assert.True(double.IsNaN(default(EvalTotals).MeanLoss));
        Assert.True(double.IsNaN(default(EvalTotals).Accuracy));
    }
}
