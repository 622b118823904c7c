using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Tests.Support;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Tests.Data;

public sealed class Pa2DataTests
{
    [SharedDataFact]
    public void Read_Pa2TrainCls_ReadsEveryRowWithThreeLabels()
    {
        IReadOnlyList<LabelledText> rows = TsvReader.Read(SharedData.Path("data", "pa2-speeches", "train_CLS.tsv"));
        Assert.Equal(2092, rows.Count);
        Assert.Equal(["0", "1", "2"], LabelMap.Build(rows.Select(r => r.Label)).Names);
        Assert.DoesNotContain(rows, r => r.Text.EndsWith('\r'));
    }

    [SharedDataFact]
    public void Load_Pa2Classify_BuildsAWordVocabularyFromTheTrainingFile()
    {
        var s = new EngineSettings
        {
            Task = "classify",
            TrainPath = SharedData.Path("data", "pa2-speeches", "train_CLS.tsv"),
            ValidationPath = SharedData.Path("data", "pa2-speeches", "test_CLS.tsv"),
        };
        TaskData data = TaskDataLoader.Load(s);
        Assert.Equal((2092, 750), (data.TrainExamples.Count, data.ValidationExamples.Count));
        Assert.InRange(data.Vocab.Count, 4000, 6000);
        Assert.Equal(Vocabulary.Pad, data.Vocab.Tokens[0]);
        Assert.Contains("the", data.Vocab.Tokens.Take(6));
        Assert.Contains(",", data.Vocab.Tokens.Take(6));
        Assert.All(data.TrainExamples, e => Assert.InRange(e.Tokens.Length, 1, 32));
    }
}
