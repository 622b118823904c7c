using SweepCluster.GpuWorker.Cli;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Tests.Cli;

public sealed class TrainCommandTests
{
    internal const string Trial = """
        trial {
          task = synthetic-majority
          layers = 1
          heads = 2
          d_model = 16
          batch_size = 8
          block_size = 17
          eval_interval = 3
          max_steps = 6
          epochs = 5
          classifier_hidden = 8
          synthetic { train_size = 32, validation_size = 16, seq_len = 17, vocab = 6 }
          checkpoint_dir = "ckpt"
          seed = 3
        }
        """;

    private static async Task<(int Code, string Out, string Err)> Train(TrainArgs args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await TrainCommand.RunAsync(args, TrainerCatalog.CreateDefault(), output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task RunAsync_SyntheticTrialFile_PrintsALinePerEvaluationAndWritesCheckpoints()
    {
        using var tmp = new TempDir();
        string file = tmp.File("trial.hocon", Trial);
        var (code, output, error) = await Train(new TrainArgs(file));
        Assert.Equal((0, ""), (code, error));
        string[] lines = output.Split('\n');
        Assert.Equal(2, lines.Count(l => l.StartsWith("step ", StringComparison.Ordinal)));
        Assert.Contains("step 3: epoch=0.75, train_loss=", output, StringComparison.Ordinal);
        Assert.Contains("completed after 2 evaluation(s)", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "ckpt", "best", "model.safetensors")));
        Assert.True(File.Exists(Path.Combine(tmp.Path, "ckpt", "last", "trial.json")));
    }

    [Fact]
    public async Task RunAsync_Resume_ContinuesFromLastCheckpoint()
    {
        using var tmp = new TempDir();
        string file = tmp.File("trial.hocon", Trial);
        await Train(new TrainArgs(file));
        File.WriteAllText(file, Trial.Replace("max_steps = 6", "max_steps = 9", StringComparison.Ordinal));
        var (code, output, _) = await Train(new TrainArgs(file, Resume: true));
        Assert.Equal(0, code);
        Assert.Contains("resumed from", output, StringComparison.Ordinal);
        Assert.Contains("step 9:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("step 3:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_InvalidSetting_ExitsTwoNamingFileLineAndKey()
    {
        using var tmp = new TempDir();
        string file = tmp.File("bad.hocon", Trial.Replace("heads = 2", "heads = 3", StringComparison.Ordinal));
        var (code, _, error) = await Train(new TrainArgs(file));
        Assert.Equal(2, code);
        Assert.Contains($"{file}:4:", error, StringComparison.Ordinal);
        Assert.Contains("trial.heads: 3 does not divide d_model 16", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoTrialBlock_ExitsTwo()
    {
        using var tmp = new TempDir();
        var (code, _, error) = await Train(new TrainArgs(tmp.File("empty.hocon", "sweep { }")));
        Assert.Equal(2, code);
        Assert.Contains("trial: missing required object", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownTask_ExitsTwoListingTasks()
    {
        using var tmp = new TempDir();
        var (code, _, error) = await Train(new TrainArgs(tmp.File("t.hocon", "trial { task = dance }")));
        Assert.Equal(2, code);
        Assert.Contains("trial.task: unknown task 'dance'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingFile_ExitsTwo()
    {
        var (code, _, error) = await Train(new TrainArgs("/nonexistent/trial.hocon"));
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent/trial.hocon", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateRoot_TrainWithoutFile_IsAParseError()
    {
        Assert.NotEmpty(Program.CreateRoot().Parse(["train"]).Errors);
        Assert.Empty(Program.CreateRoot().Parse(["train", "x.hocon", "--resume", "--threads", "2"]).Errors);
    }
}
