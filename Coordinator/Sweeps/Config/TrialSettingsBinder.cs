using System.Text.Json;
using SweepCluster.Coordinator.Hocon;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Turns a <c>trial { }</c> block into the JSON settings trainers read.</summary>
internal static class TrialSettingsBinder
{
    /// <summary>Tasks of the training engine (their settings keys are known here).</summary>
    public static readonly IReadOnlySet<string> EngineTasks =
        new HashSet<string> { "classify", "language-model", "synthetic-majority", "synthetic-induction", "translate", "pretrain-span" };

    /// <summary>Scalar settings of the engine tasks: the names a sweep may vary for them.</summary>
    public static readonly IReadOnlyList<string> EngineScalarKeys =
    [
        "epochs", "max_steps", "batch_size", "block_size", "eval_interval", "eval_batches", "layers", "heads", "d_model",
        "d_ff", "dropout", "positional", "activation", "optimizer", "lr", "weight_decay", "momentum", "lr_schedule",
        "warmup_steps", "grad_clip", "tied_head", "classifier_hidden", "pooling", "init", "seed",
        "beam_size", "label_smoothing", "shared_vocab", "span_fraction", "init_from",
        "tokenizer.type", "tokenizer.min_freq", "tokenizer.max_vocab",
        "synthetic.seed", "synthetic.train_size", "synthetic.validation_size", "synthetic.seq_len", "synthetic.vocab", "synthetic.markers",
    ];

    /// <summary>Object settings whose members a sweep may vary (<c>synthetic { seq_len = [8, 16] }</c> in <c>space</c>).</summary>
    public static readonly IReadOnlyList<string> GroupKeys = ["tokenizer", "synthetic"];

    private static readonly string[] DataKeys = ["train", "validation", "test"];

    /// <summary>
    /// Validates that <c>task</c> is a string and converts the block to a JSON object; relative <c>data.train</c>,
    /// <c>data.validation</c>, <c>data.test</c> and <c>data.vocab_files</c> paths, the command task's <c>working_dir</c> and the engine's <c>init_from</c>
    /// are made absolute against the folder of the file declaring them.
    /// </summary>
    public static JsonElement Bind(HoconObject trial, string path)
    {
        var task = trial["task"];
        if (task is null)
        {
            throw ConfigException.At(trial.Origin, $"{path}.task: missing required key (e.g. classify, language-model, synthetic-majority, command)");
        }

        if (task is not HoconScalar { Kind: HoconScalarKind.String })
        {
            throw ConfigReader.Error(task, $"{path}.task", $"expected a string, found {ConfigReader.Describe(task)}");
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in trial.Fields)
            {
                writer.WritePropertyName(key);
                if (key == "data" && value is HoconObject data)
                {
                    WriteData(writer, data, $"{path}.data");
                }
                else if (key is "working_dir" or "init_from" && value is HoconScalar { Kind: HoconScalarKind.String } dir && dir.Text.Length > 0)
                {
                    writer.WriteStringValue(Absolute(dir));
                }
                else
                {
                    HoconJson.Write(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    /// <summary>A path made absolute against the folder of the file declaring it.</summary>
    private static string Absolute(HoconScalar s) =>
        Path.IsPathRooted(s.Text) ? s.Text : Path.GetFullPath(Path.Combine(s.Origin.Source.Directory ?? Directory.GetCurrentDirectory(), s.Text));

    private static void WriteData(Utf8JsonWriter writer, HoconObject data, string path)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in data.Fields)
        {
            writer.WritePropertyName(key);
            if (DataKeys.Contains(key) && value is HoconScalar { Kind: HoconScalarKind.String } s)
            {
                writer.WriteStringValue(Absolute(s));
            }
            else if (key == "vocab_files" && value is HoconArray list && list.Items.All(i => i is HoconScalar { Kind: HoconScalarKind.String }))
            {
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    writer.WriteStringValue(Absolute((HoconScalar)item));
                }

                writer.WriteEndArray();
            }
            else if (DataKeys.Contains(key) && value is not HoconScalar { Kind: HoconScalarKind.String })
            {
                throw ConfigReader.Error(value, $"{path}.{key}", $"expected a file path (string), found {ConfigReader.Describe(value)}");
            }
            else
            {
                HoconJson.Write(writer, value);
            }
        }

        writer.WriteEndObject();
    }
}
