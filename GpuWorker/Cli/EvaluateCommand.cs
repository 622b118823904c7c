using System.CommandLine;
using System.Globalization;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;
using SweepCluster.Training.Imaging;
using SweepCluster.Training.Torch;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Cli;

/// <summary>
/// <c>evaluate --checkpoint DIR [--data FILE] [--beam-size K] [--attention TEXT --out DIR]</c>: prints loss and accuracy,
/// perplexity, or token accuracy and BLEU of a checkpoint on a data file (default: the trial's validation data), and/or
/// writes per-layer, per-head attention maps.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint directory (best/ or last/)", Required = true };
        var data = new Option<string?>("--data") { Description = "TSV (classifier, translate) or text (language model, pretrain-span) file to evaluate" };
        var beam = new Option<int?>("--beam-size") { Description = "Decode with this beam instead of the trial's beam_size (translate, pretrain-span)" };
        var attention = new Option<string?>("--attention") { Description = "A sentence whose attention maps to write" };
        var output = new Option<string?>("--out") { Description = "Folder for the attention PNGs" };
        var threads = new Option<int>("--threads") { Description = "Engine threads", DefaultValueFactory = _ => 1 };
        var stats = new Option<string?>("--tensor-stats") { Description = "Write each parameter's shape, sum and first values as JSON (for scripts/read_safetensors.py)" };
        var engine = new Option<string>("--engine") { Description = "cpu | torch: the engine that evaluates (checkpoints of either engine load in both)", DefaultValueFactory = _ => "cpu" };
        engine.AcceptOnlyFromAmong("cpu", "torch");
        var command = new Command("evaluate", "Evaluate a checkpoint on a data file, or draw its attention maps") { checkpoint, data, beam, attention, output, threads, stats, engine };
        command.SetAction(parse => Run(
            new EvaluateArgs(parse.GetValue(checkpoint)!, parse.GetValue(data), parse.GetValue(attention), parse.GetValue(output), parse.GetValue(threads), parse.GetValue(stats), parse.GetValue(beam)),
            WorkerTrainers.Models(parse.GetValue(engine)!),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the evaluation; returns the exit code.</summary>
    public static int Run(EvaluateArgs args, ITaskModelFactory models, TextWriter output, TextWriter error)
    {
        if (args.Attention is not null && args.Out is null)
        {
            error.WriteLine("--out: required with --attention");
            return ExitCodes.ConfigError;
        }

        if (args.Threads < 1)
        {
            error.WriteLine("--threads: must be at least 1");
            return ExitCodes.ConfigError;
        }

        if (args.BeamSize is < 1 or > 64)
        {
            error.WriteLine("--beam-size: must be in [1, 64]");
            return ExitCodes.ConfigError;
        }

        try
        {
            using CheckpointModel model = CheckpointModel.Load(args.Checkpoint, models, args.Threads, args.BeamSize);
            output.WriteLine($"{args.Checkpoint}: task {model.Settings.Task}, step {model.Checkpoint.State.Step}, {model.Model.ParameterCount} parameters, vocabulary {model.Data.Vocab.Count}");
            if (args.Attention is null || args.Data is not null)
            {
                Dictionary<string, double> m = model.Evaluate(args.Data);
                output.WriteLine($"{args.Data ?? "validation data"}: " + string.Join(", ", m.Select(kv => $"{kv.Key}={MetricFormat.Value(kv.Value)}")));
            }

            if (args.Attention is not null)
            {
                WriteAttention(model, args.Attention, args.Out!, output);
            }

            if (args.TensorStats is not null)
            {
                File.WriteAllText(args.TensorStats, TensorStats.Json(model.Model.Parameters));
                output.WriteLine($"wrote statistics of {model.Model.Parameters.Count} tensors to {args.TensorStats}");
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is CheckpointException or DataException or IOException or ArgumentException or TorchUnavailableException)
        {
            error.WriteLine(e.Message);
            return ExitCodes.Failed;
        }
    }

    private static void WriteAttention(CheckpointModel model, string text, string outDir, TextWriter output)
    {
        (IReadOnlyList<string> tokens, IReadOnlyList<float[]> layers) = model.Attention(text);
        Directory.CreateDirectory(outDir);
        int t = tokens.Count;
        int heads = model.Settings.Heads;
        for (int l = 0; l < layers.Count; l++)
        {
            for (int h = 0; h < heads; h++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"attention-layer{l}-head{h}.png");
                File.WriteAllBytes(Path.Combine(outDir, name), HeatMap.Render(layers[l].AsSpan(h * t * t, t * t), tokens));
            }
        }

        output.WriteLine($"wrote {layers.Count * heads} attention maps over {t} tokens ({string.Join(' ', tokens)}) to {outDir}");
    }
}

/// <summary>Arguments of <c>evaluate</c>.</summary>
internal sealed record EvaluateArgs(string Checkpoint, string? Data = null, string? Attention = null, string? Out = null, int Threads = 1, string? TensorStats = null, int? BeamSize = null);
