using System.Text.Json;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>The model architecture as the <c>model_config</c> object of <c>trial.json</c> (snake_case, like the settings).</summary>
internal static class ModelConfigJson
{
    /// <summary>The architecture fields of <paramref name="s"/> with the data-dependent sizes.</summary>
    public static Dictionary<string, JsonElement> Describe(EngineSettings s, int vocab, int classes, int targetVocab = 0)
    {
        var d = new Dictionary<string, object>
        {
            ["head"] = s.IsSeq2Seq ? "encoder-decoder" : s.IsClassifier ? "classifier" : "language-model",
            ["vocab"] = vocab,
            ["d_model"] = s.DModel,
            ["heads"] = s.Heads,
            ["layers"] = s.Layers,
            ["d_ff"] = s.DFF,
            ["block_size"] = s.BlockSize,
            ["dropout"] = s.Dropout,
            ["positional"] = s.Positional,
            ["activation"] = s.Activation,
            ["tied_head"] = s.TiedHead,
            ["init"] = s.Init,
        };
        if (s.IsSeq2Seq)
        {
            d["target_vocab"] = targetVocab;
            d["shared_vocab"] = s.SharedVocab;
            d["label_smoothing"] = s.LabelSmoothing;
        }

        if (s.IsClassifier)
        {
            d["classes"] = classes;
            d["classifier_hidden"] = s.ClassifierHidden;
            d["pooling"] = s.Pooling;
        }

        return d.ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value));
    }
}
