using SweepCluster.Training.Tasks;
using SweepCluster.Training.Tests.Support;

namespace SweepCluster.Training.Tests.Tasks;

public sealed class VocabFilesTests
{
    [Fact]
    public void Load_LanguageModelWithVocabFiles_VocabularyComesFromTheirWholeText()
    {
        using var dir = new TempDir();
        var s = new EngineSettings
        {
            Task = "language-model",
            BlockSize = 2,
            TrainPath = dir.File("train.txt", "a b a b a"),
            ValidationPath = dir.File("val.txt", "a c"),
            VocabFiles = [dir.File("cls.tsv", "0\tc c d\n"), dir.File("lm.txt", "a")],
        };
        TaskData data = TaskDataLoader.Load(s);
        Assert.Equal(["<pad>", "<unk>", "c", "0", "a", "d"], data.Vocab.Tokens);
        Assert.Equal([4, 1, 4, 1, 4], data.TrainStream); // b is not in the vocabulary files
        Assert.Equal([4, 2], data.ValidationStream);
    }

    [Fact]
    public void Load_ClassifyWithVocabFiles_UsesThemInsteadOfTheTrainingTexts()
    {
        using var dir = new TempDir();
        var s = new EngineSettings
        {
            Task = "classify",
            TrainPath = dir.File("train.tsv", "x\tgood day\ny\tbad day\n"),
            ValidationPath = dir.File("val.tsv", "x\tgood\n"),
            VocabFiles = [dir.File("words.txt", "day day good")],
        };
        TaskData data = TaskDataLoader.Load(s);
        Assert.Equal(["<pad>", "<unk>", "day", "good"], data.Vocab.Tokens);
        Assert.Equal([1, 2], data.TrainExamples[1].Tokens);
    }

    [SharedDataFact]
    public void Load_Pa2ReferenceVocabFiles_GivesAboutTheReferenceVocabularySize()
    {
        var s = new EngineSettings
        {
            Task = "language-model",
            TrainPath = SharedData.Path("data", "pa2-speeches", "train_LM.txt"),
            ValidationPath = SharedData.Path("data", "pa2-speeches", "test_LM_obama.txt"),
            VocabFiles = [SharedData.Path("data", "pa2-speeches", "train_CLS.tsv"), SharedData.Path("data", "pa2-speeches", "train_LM.txt")],
        };
        Assert.InRange(TaskDataLoader.Load(s).Vocab.Count, 5700, 5800); // the reference prints 5,755
    }
}
