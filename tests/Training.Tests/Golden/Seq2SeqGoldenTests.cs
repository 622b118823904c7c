using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Training.Model;
using SweepCluster.Training.Tests.Model;
using Xunit.Abstractions;

namespace SweepCluster.Training.Tests.Golden;

/// <summary>
/// The encoder–decoder (cross-attention, separate vocabularies, padded source, label smoothing 0.1) against PyTorch 1.13
/// on the committed fixture <c>Fixtures/seq2seq</c>, written by <c>scripts/golden/golden_seq2seq.py</c> (docs/golden.md).
/// </summary>
public sealed class Seq2SeqGoldenTests(ITestOutputHelper output)
{
    private const string Name = "seq2seq";
    private const int Batch = 2;

    private static readonly Seq2SeqConfig Config = new()
    {
        SourceVocab = 12, TargetVocab = 10, SharedVocab = false, DModel = 16, Heads = 2, Layers = 2, DFF = 32,
        SourceBlock = 6, TargetBlock = 5, LabelSmoothing = 0.1f,
    };

    private static readonly int[] Source = [5, 7, 9, 3, 11, 6, 8, 4, 10, 0, 0, 0];
    private static readonly int[] DecoderInput = [2, 5, 6, 7, 8, 2, 9, 4, 0, 0];
    private static readonly int[] Targets = [5, 6, 7, 8, 3, 9, 4, 3, -1, -1];

    private static Seq2SeqModel CreateModel()
    {
        var model = new Seq2SeqModel(Config, Batch, GradientCheck.Pool, seed: 1);
        GradientCheck.Scramble(model.Tensors, model.Parameters, 17);
        return model;
    }

    [Fact]
    public void TrainStep_GoldenCase_LossAndEveryGradientMatchPyTorch()
    {
        var fixture = new GoldenFixture(Name);
        Seq2SeqModel model = CreateModel();
        Assert.Equal(fixture.ParamsSha256, GoldenCase.Sha256(model.Parameters));

        model.ZeroGrad();
        double loss = model.Train(Source, DecoderInput, Targets, Batch);

        float[] grads = fixture.Floats("grads.bin");
        output.WriteLine($"loss {loss:R} vs {fixture.Loss:R}; worst gradient ratio {GoldenComparison.WorstRatio(model.Tensors, model.Gradients, grads):G3}");
        Assert.True(Math.Abs(loss - fixture.Loss) <= GoldenComparison.Tolerance * Math.Abs(fixture.Loss), $"loss {loss} vs {fixture.Loss}");
        GoldenComparison.AssertClosePerTensor("grad", model.Tensors, model.Gradients, grads);
    }

    [GoldenDumpFact]
    public void WriteInputs_DumpDirectorySet_WritesTheCase()
    {
        string dir = Path.Combine(Environment.GetEnvironmentVariable("SWEEP_GOLDEN_DUMP")!, Name);
        Directory.CreateDirectory(dir);
        Seq2SeqModel model = CreateModel();
        File.WriteAllBytes(Path.Combine(dir, "params.bin"), MemoryMarshal.AsBytes(model.Parameters).ToArray());
        var tensors = new JsonArray();
        foreach (TensorInfo t in model.Tensors.Tensors)
        {
            tensors.Add(new JsonObject { ["name"] = t.Name, ["shape"] = new JsonArray([.. t.Shape.Select(d => (JsonNode)d)]), ["offset"] = t.Offset });
        }

        var manifest = new JsonObject
        {
            ["name"] = Name,
            ["config"] = new JsonObject
            {
                ["d_model"] = Config.DModel, ["heads"] = Config.Heads, ["layers"] = Config.Layers, ["label_smoothing"] = Config.LabelSmoothing,
            },
            ["batch"] = Batch,
            ["tokens"] = new JsonArray([.. Source.Select(v => (JsonNode)v)]),
            ["decoder_input"] = new JsonArray([.. DecoderInput.Select(v => (JsonNode)v)]),
            ["targets"] = new JsonArray([.. Targets.Select(v => (JsonNode)v)]),
            ["tensors"] = tensors,
        };
        File.WriteAllText(Path.Combine(dir, "manifest.json"), manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Assert.True(File.Exists(Path.Combine(dir, "params.bin")));
    }
}
