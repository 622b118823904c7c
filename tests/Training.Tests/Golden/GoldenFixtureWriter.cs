using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Golden;

/// <summary>Runs only when SWEEP_GOLDEN_DUMP names a directory (see docs/golden.md).</summary>
public sealed class GoldenDumpFactAttribute : FactAttribute
{
    public GoldenDumpFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SWEEP_GOLDEN_DUMP")))
        {
            Skip = "set SWEEP_GOLDEN_DUMP=<dir> to write golden inputs for scripts/golden/golden.py";
        }
    }
}

/// <summary>
/// Writes each golden case's inputs for the PyTorch script: &lt;dir&gt;/&lt;case&gt;/manifest.json (config, tokens,
/// targets, tensor table, optimizers) and params.bin (the engine's weights, float32 little-endian, table order).
/// </summary>
public sealed class GoldenFixtureWriter
{
    [GoldenDumpFact]
    public void WriteInputs_DumpDirectorySet_WritesEveryCase()
    {
        string root = Environment.GetEnvironmentVariable("SWEEP_GOLDEN_DUMP")!;
        foreach (GoldenCase c in GoldenCase.All)
        {
            string dir = Path.Combine(root, c.Name);
            Directory.CreateDirectory(dir);
            TransformerModel model = c.CreateModel();
            File.WriteAllBytes(Path.Combine(dir, "params.bin"), System.Runtime.InteropServices.MemoryMarshal.AsBytes(model.Parameters).ToArray());
            File.WriteAllText(Path.Combine(dir, "manifest.json"), Manifest(c, model).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Assert.True(File.Exists(Path.Combine(dir, "params.bin")));
        }
    }

    private static JsonObject Manifest(GoldenCase c, TransformerModel model)
    {
        ModelConfig k = c.Config;
        var tensors = new JsonArray();
        foreach (TensorInfo t in model.Tensors.Tensors)
        {
            tensors.Add(new JsonObject { ["name"] = t.Name, ["shape"] = new JsonArray([.. t.Shape.Select(d => (JsonNode)d)]), ["offset"] = t.Offset });
        }

        var optimizers = new JsonArray();
        if (c.WithOptimizers)
        {
            foreach ((string name, Optim.OptimizerConfig o, float lr) in GoldenCase.Optimizers)
            {
                optimizers.Add(new JsonObject
                {
                    ["name"] = name, ["kind"] = o.Kind.ToString().ToLowerInvariant(), ["lr"] = lr,
                    ["weight_decay"] = o.EffectiveWeightDecay, ["eps"] = o.EffectiveEps, ["beta1"] = o.Beta1, ["beta2"] = o.Beta2,
                    ["momentum"] = o.Momentum, ["dampening"] = o.Dampening, ["nesterov"] = o.Nesterov, ["alpha"] = o.Alpha,
                    ["centered"] = o.Centered, ["lr_decay"] = o.LrDecay,
                });
            }
        }

        return new JsonObject
        {
            ["name"] = c.Name,
            ["config"] = new JsonObject
            {
                ["vocab"] = k.Vocab, ["d_model"] = k.DModel, ["heads"] = k.Heads, ["layers"] = k.Layers, ["d_ff"] = k.DFF,
                ["block"] = k.Block, ["positional"] = k.Positional.ToString().ToLowerInvariant(),
                ["activation"] = k.Activation.ToString().ToLowerInvariant(),
                ["head"] = k.Head == HeadKind.LanguageModel ? "lm" : "cls", ["classes"] = k.Classes,
                ["classifier_hidden"] = k.ClassifierHidden, ["tied_head"] = k.TiedHead,
            },
            ["batch"] = GoldenCase.Batch,
            ["length"] = c.Length,
            ["tokens"] = new JsonArray([.. c.Tokens().Select(v => (JsonNode)v)]),
            ["targets"] = new JsonArray([.. c.Targets().Select(v => (JsonNode)v)]),
            ["parameter_count"] = model.ParameterCount,
            ["tensors"] = tensors,
            ["clip_max_norm"] = GoldenCase.ClipMaxNorm,
            ["optimizers"] = optimizers,
        };
    }
}
