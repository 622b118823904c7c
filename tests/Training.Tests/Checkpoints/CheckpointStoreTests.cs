using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Tests.Support;

namespace SweepCluster.Training.Tests.Checkpoints;

public sealed class CheckpointStoreTests
{
    private static (NamedTensor[] Params, NamedTensor[] Opt, CheckpointState State) Sample(float scale = 1f) =>
    (
        [NamedTensor.Over("tok_emb.weight", [2, 2], [1f * scale, 2f, 3f, 4f])],
        [NamedTensor.Over("exp_avg.tok_emb.weight", [2, 2], [0.1f, 0.2f, 0.3f, 0.4f])],
        new CheckpointState
        {
            TrialId = "t1",
            Task = "synthetic-majority",
            Settings = JsonDocument.Parse("""{"task": "synthetic-majority"}""").RootElement.Clone(),
            Vocabulary = ["<pad>", "<unk>", "a"],
            Labels = ["x", "y"],
            Metrics = [new MetricRecord(5, new() { ["val_loss"] = 0.1 + 0.2 })],
            Step = 5,
            DataRngState = ulong.MaxValue,
            DropoutRngState = [1, 2, 3, ulong.MaxValue],
        });

    [Fact]
    public void WriteRead_Checkpoint_RoundTripsStateAndTensors()
    {
        using var tmp = new TempDir();
        var (p, o, s) = Sample();
        string dir = Path.Combine(tmp.Path, "last");
        CheckpointStore.Write(dir, s, p, o);
        LoadedCheckpoint c = CheckpointStore.Read(dir);
        Assert.Equal(s.Step, c.State.Step);
        Assert.Equal(ulong.MaxValue, c.State.DataRngState);
        Assert.Equal(s.DropoutRngState, c.State.DropoutRngState);
        Assert.Equal(0.1 + 0.2, c.State.Metrics[0].Values["val_loss"]);
        Assert.Equal(["<pad>", "<unk>", "a"], c.State.Vocabulary);
        Assert.Equal([1f, 2f, 3f, 4f], c.Parameters[0].Data);
        Assert.Equal("exp_avg.tok_emb.weight", c.Optimizer[0].Name);
        Assert.Equal(["model.safetensors", "optimizer.safetensors", "trial.json"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Write_Twice_ReplacesTheDirectoryAndLeavesNoTemporaries()
    {
        using var tmp = new TempDir();
        string dir = Path.Combine(tmp.Path, "last");
        var (p, o, s) = Sample();
        CheckpointStore.Write(dir, s, p, o);
        var (p2, _, _) = Sample(scale: 9f);
        CheckpointStore.Write(dir, s with { Step = 6 }, p2, o);
        LoadedCheckpoint c = CheckpointStore.Read(dir);
        Assert.Equal((6L, 9f), (c.State.Step, c.Parameters[0].Data[0]));
        Assert.Equal(["last"], Directory.GetDirectories(tmp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Read_FlippedByteInModel_FailsNamingTheFile()
    {
        using var tmp = new TempDir();
        var (p, o, s) = Sample();
        CheckpointStore.Write(tmp.Path, s, p, o);
        string model = Path.Combine(tmp.Path, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(model);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(model, bytes);
        var e = Assert.Throws<CheckpointException>(() => CheckpointStore.Read(tmp.Path));
        Assert.Equal($"{model}: checksum mismatch with trial.json (the file is corrupt or was modified)", e.Message);
    }

    [Fact]
    public void Read_WrongVersion_FailsNamingTrialJson()
    {
        using var tmp = new TempDir();
        var (p, o, s) = Sample();
        CheckpointStore.Write(tmp.Path, s, p, o);
        string path = Path.Combine(tmp.Path, "trial.json");
        JsonObject json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["format_version"] = 2;
        File.WriteAllText(path, json.ToJsonString());
        var e = Assert.Throws<CheckpointException>(() => CheckpointStore.Read(tmp.Path));
        Assert.Equal($"{path}: format_version 2 is not supported (this build reads 1)", e.Message);
    }

    [Fact]
    public void Read_TruncatedTrialJson_FailsAsMalformed()
    {
        using var tmp = new TempDir();
        var (p, o, s) = Sample();
        CheckpointStore.Write(tmp.Path, s, p, o);
        string path = Path.Combine(tmp.Path, "trial.json");
        File.WriteAllText(path, File.ReadAllText(path)[..40]);
        var e = Assert.Throws<CheckpointException>(() => CheckpointStore.Read(tmp.Path));
        Assert.StartsWith($"{path}: malformed JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingOptimizerFile_FailsNamingIt()
    {
        using var tmp = new TempDir();
        var (p, o, s) = Sample();
        CheckpointStore.Write(tmp.Path, s, p, o);
        File.Delete(Path.Combine(tmp.Path, "optimizer.safetensors"));
        var e = Assert.Throws<CheckpointException>(() => CheckpointStore.Read(tmp.Path));
        Assert.Equal($"{Path.Combine(tmp.Path, "optimizer.safetensors")}: not found", e.Message);
    }

    [Fact]
    public void Read_EmptyDirectory_SaysItIsNotACheckpoint()
    {
        using var tmp = new TempDir();
        var e = Assert.Throws<CheckpointException>(() => CheckpointStore.Read(tmp.Path));
        Assert.Contains("is not a checkpoint directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CopyInto_ShapeMismatch_FailsNamingTensor()
    {
        float[] target = new float[4];
        var e = Assert.Throws<CheckpointException>(() => TensorLoader.CopyInto(
            [NamedTensor.Over("w", [2, 2], target)], [("w", [4], new float[4])], "m.safetensors"));
        Assert.Equal("m.safetensors: tensor w has shape [4], the model expects [2, 2]", e.Message);
    }
}
