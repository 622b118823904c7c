using SweepCluster.GpuWorker.Cli;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Tests.Cli;

public sealed class EvaluateCommandTests
{
    private static (int Code, string Out, string Err) Evaluate(EvaluateArgs args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = EvaluateCommand.Run(args, TransformerModelFactory.Instance, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<string> TrainedCheckpoint(TempDir tmp)
    {
        string file = tmp.File("trial.hocon", TrainCommandTests.Trial);
        int code = await TrainCommand.RunAsync(new TrainArgs(file), TrainerCatalog.CreateDefault(), TextWriter.Null, TextWriter.Null, CancellationToken.None);
        Assert.Equal(0, code);
        return Path.Combine(tmp.Path, "ckpt", "last");
    }

    [Fact]
    public async Task Run_TrainedCheckpoint_PrintsTheLastReportedValidationMetrics()
    {
        using var tmp = new TempDir();
        string last = await TrainedCheckpoint(tmp);
        var (code, output, error) = Evaluate(new EvaluateArgs(last));
        Assert.Equal((0, ""), (code, error));
        Assert.Contains("validation data: loss=", output, StringComparison.Ordinal);
        Assert.Contains("accuracy=", output, StringComparison.Ordinal);
        Assert.Contains("examples=16", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Attention_WritesOnePngPerLayerAndHead()
    {
        using var tmp = new TempDir();
        string last = await TrainedCheckpoint(tmp);
        string outDir = Path.Combine(tmp.Path, "maps");
        var (code, output, _) = Evaluate(new EvaluateArgs(last, Attention: "<key> m1 t0 t3 <key> m2", Out: outDir));
        Assert.Equal(0, code);
        Assert.Contains("wrote 2 attention maps over 6 tokens", output, StringComparison.Ordinal);
        string[] files = [.. Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(["attention-layer0-head0.png", "attention-layer0-head1.png"], files);
        Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(outDir, files[0]))[0]);
    }

    [Fact]
    public async Task Run_CorruptCheckpoint_ExitsOneNamingTheFile()
    {
        using var tmp = new TempDir();
        string last = await TrainedCheckpoint(tmp);
        string model = Path.Combine(last, "model.safetensors");
        File.WriteAllBytes(model, File.ReadAllBytes(model)[..100]);
        var (code, _, error) = Evaluate(new EvaluateArgs(last));
        Assert.Equal(1, code);
        Assert.Contains($"{model}: checksum mismatch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AttentionWithoutOut_ExitsTwo()
    {
        var (code, _, error) = Evaluate(new EvaluateArgs("x", Attention: "hello"));
        Assert.Equal(2, code);
        Assert.Contains("--out", error, StringComparison.Ordinal);
    }
}
