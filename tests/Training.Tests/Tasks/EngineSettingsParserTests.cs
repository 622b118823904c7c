using System.Text.Json;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Tests.Tasks;

public sealed class EngineSettingsParserTests
{
    private static JsonElement Json(string s) => JsonDocument.Parse(s).RootElement.Clone();

    [Fact]
    public void Parse_Defaults_MatchTheAssignment()
    {
        var errors = new List<string>();
        EngineSettings? s = EngineSettingsParser.Parse(Json("""{"task": "synthetic-majority"}"""), errors);
        Assert.Empty(errors);
        Assert.NotNull(s);
        Assert.Equal((16, 32, 4, 2, 64, 256, 100), (s.BatchSize, s.BlockSize, s.Layers, s.Heads, s.DModel, s.DFF, s.ClassifierHidden));
        Assert.Equal(("adamw", 1e-3, "learned"), (s.Optimizer, s.Lr, s.Positional));
    }

    [Theory]
    [InlineData("""{"task": "synthetic-majority", "heads": 3}""", "trial.heads: 3 does not divide d_model 64")]
    [InlineData("""{"task": "synthetic-majority", "dropout": 1.0}""", "trial.dropout: 1 is out of range [0, 1)")]
    [InlineData("""{"task": "synthetic-majority", "lr": -0.1}""", "trial.lr: -0.1 is out of range [0, ∞)")]
    [InlineData("""{"task": "synthetic-majority", "optimizer": "lion"}""", "trial.optimizer: 'lion' is not one of adamw | adam | sgd | adagrad | rmsprop")]
    [InlineData("""{"task": "synthetic-majority", "layerz": 2}""", "trial.layerz: unknown setting")]
    [InlineData("""{"task": "synthetic-majority", "batch_size": 2.5}""", "trial.batch_size: expected an integer, found 2.5")]
    [InlineData("""{"task": "classify", "data": {"train": "a.tsv"}}""", "trial.data.validation: task classify needs a validation file")]
    [InlineData("""{"task": "synthetic-majority", "tokenizer": {"type": "bpe"}}""", "trial.tokenizer.type: 'bpe' is not one of word | char")]
    [InlineData("""{"task": "synthetic-majority", "synthetic": {"markers": 1}}""", "trial.synthetic.markers: 1 is out of range [2, 64]")]
    [InlineData("""{"task": "synthetic-majority", "synthetic": {"seq_len": 6}}""", "trial.synthetic.seq_len: 6 is too short for synthetic-majority (at least 17)")]
    [InlineData("""{"task": "synthetic-majority", "block_size": 20}""", "trial.block_size: 20 is shorter than synthetic.seq_len 24: the sequences would be cut")]
    [InlineData("""{"task": "synthetic-majority", "pooling": "max"}""", "trial.pooling: 'max' is not one of mean | first")]
    [InlineData("""{"task": "synthetic-induction", "pooling": "first"}""", "trial.pooling: applies to classification tasks only, not synthetic-induction")]
    [InlineData("""{"task": "synthetic-majority", "tied_head": true}""", "trial.tied_head: applies to language-model tasks only, not synthetic-majority")]
    [InlineData("""{"task": "synthetic-majority", "init": "xavier"}""", "trial.init: 'xavier' is not one of normal | pytorch")]
    [InlineData("""{"task": "language-model", "data": {"train": "t", "validation": "v", "vocab_files": "t"}}""", "trial.data.vocab_files: expected a non-empty list of file names, found 't'")]
    [InlineData("""{"task": "language-model", "data": {"train": "t", "validation": "v", "vocab_files": []}}""", "trial.data.vocab_files: expected a non-empty list of file names, found an empty list")]
    [InlineData("""{"task": "synthetic-induction", "data": {"vocab_files": ["a.txt"]}}""", "trial.data.vocab_files: applies to classify and language-model tasks only, not synthetic-induction")]
    public void Validate_BadValue_NamesTheKey(string json, string expected)
    {
        Assert.Contains(expected, EngineSettingsParser.Validate(Json(json)));
    }

    [Fact]
    public void Parse_StringNumbersFromSubstitutions_AreAccepted()
    {
        var errors = new List<string>();
        EngineSettings? s = EngineSettingsParser.Parse(Json("""{"task": "language-model", "lr": "3e-4", "layers": "2", "data": {"train": "t", "validation": "v"}}"""), errors);
        Assert.Empty(errors);
        Assert.Equal((3e-4, 2, 500), (s!.Lr, s.Layers, s.MaxSteps));
    }

    [Fact]
    public void Resolve_RelativeVocabFiles_AreMadeAbsoluteAgainstTheBase()
    {
        JsonElement resolved = DataPaths.Resolve(Json("""{"task": "classify", "data": {"vocab_files": ["a.tsv", "/abs/b.txt"]}}"""), "/base");
        Assert.Equal(["/base/a.tsv", "/abs/b.txt"], resolved.GetProperty("data").GetProperty("vocab_files").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Resolve_RelativeDataPaths_AreMadeAbsoluteAgainstTheBase()
    {
        JsonElement resolved = DataPaths.Resolve(Json("""{"task": "classify", "data": {"train": "d/train.tsv", "validation": "/abs/v.tsv"}}"""), "/base/dir");
        Assert.Equal("/base/dir/d/train.tsv", resolved.GetProperty("data").GetProperty("train").GetString());
        Assert.Equal("/abs/v.tsv", resolved.GetProperty("data").GetProperty("validation").GetString());
        Assert.Equal("classify", resolved.GetProperty("task").GetString());
    }
}
