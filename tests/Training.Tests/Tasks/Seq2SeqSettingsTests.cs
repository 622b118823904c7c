using System.Text.Json;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Tests.Tasks;

/// <summary>Settings of the translate and pretrain-span tasks and of init_from.</summary>
public sealed class Seq2SeqSettingsTests
{
    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

    [Theory]
    [InlineData("""{"task": "classify", "data": {"train": "a", "validation": "b"}, "beam_size": 4}""", "trial.beam_size: applies to translate and pretrain-span only, not classify")]
    [InlineData("""{"task": "translate", "beam_size": 0}""", "trial.beam_size: 0 is out of range [1, 64]")]
    [InlineData("""{"task": "translate", "label_smoothing": 1}""", "trial.label_smoothing: 1 is out of range [0, 1)")]
    [InlineData("""{"task": "translate", "positional": "rope"}""", "trial.positional: rope is not supported by the encoder–decoder (learned | sinusoidal | none)")]
    [InlineData("""{"task": "translate", "data": {"train": "a.tsv"}}""", "trial.data.validation: task translate needs a validation file")]
    [InlineData("""{"task": "pretrain-span", "data": {"validation": "a.txt"}}""", "trial.data.train: task pretrain-span needs a training file")]
    [InlineData("""{"task": "pretrain-span", "data": {"train": "a", "validation": "b"}, "shared_vocab": false}""", "trial.shared_vocab: pretrain-span reconstructs its own text: the vocabulary is shared")]
    [InlineData("""{"task": "translate", "tied_head": true}""", "trial.tied_head: applies to language-model tasks only, not translate")]
    public void Validate_BadSeq2SeqSetting_NamesTheKey(string json, string expected) =>
        Assert.Contains(expected, EngineSettingsParser.Validate(Json(json)));

    [Fact]
    public void Parse_TranslateWithoutData_SyntheticWithDefaults()
    {
        var errors = new List<string>();

        EngineSettings? s = EngineSettingsParser.Parse(Json("""{"task": "translate", "init_from": "/ck/best"}"""), errors);

        Assert.Empty(errors);
        Assert.NotNull(s);
        Assert.Equal((1, 0.0, true, "/ck/best", (string?)null), (s.BeamSize, s.LabelSmoothing, s.SharedVocab, s.InitFrom, s.TrainPath));
        Assert.True(s.IsSeq2Seq && s.IsExampleTask && !s.IsClassifier);
    }

    [Fact]
    public void Resolve_RelativeInitFrom_AgainstTheDeclaringFolder()
    {
        JsonElement resolved = DataPaths.Resolve(Json("""{"task": "classify", "init_from": "runs/pre/best"}"""), "/sweeps");

        Assert.Equal("/sweeps/runs/pre/best", resolved.GetProperty("init_from").GetString());
    }
}
