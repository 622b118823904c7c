using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using SweepCluster.Training.Checkpoints;

namespace SweepCluster.Training.Tests.Checkpoints;

public sealed class SafeTensorsTests
{
    private static NamedTensor[] Sample() =>
    [
        NamedTensor.Over("blocks.0.attn.qkv.weight", [2, 3], [1f, -2f, 3.5f, 0f, float.Epsilon, -0f]),
        NamedTensor.Over("ln_f.bias", [2], [0.25f, 1e30f]),
    ];

    [Fact]
    public void Serialize_Tensors_WritesTheSafetensorsLayout()
    {
        byte[] file = SafeTensors.Serialize(Sample(), new Dictionary<string, string> { ["format"] = "pt" });
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, n % 8);
        Assert.Equal(8 + (long)n + (4 * 8), file.Length);
        using JsonDocument header = JsonDocument.Parse(Encoding.UTF8.GetString(file, 8, (int)n).TrimEnd(' '));
        JsonElement qkv = header.RootElement.GetProperty("blocks.0.attn.qkv.weight");
        Assert.Equal("F32", qkv.GetProperty("dtype").GetString());
        Assert.Equal([2, 3], qkv.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0L, 24L], qkv.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([24L, 32L], header.RootElement.GetProperty("ln_f.bias").GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        Assert.Equal(3.5f, BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(8 + (int)n + 8)));
    }

    [Fact]
    public void Deserialize_SerializedTensors_RoundTripsBitwise()
    {
        NamedTensor[] sample = Sample();
        var back = SafeTensors.Deserialize(SafeTensors.Serialize(sample), "m.safetensors");
        Assert.Equal(sample.Select(t => t.Name), back.Select(t => t.Name));
        for (int i = 0; i < sample.Length; i++)
        {
            Assert.Equal(sample[i].Shape, back[i].Shape);
            Assert.Equal(
                sample[i].View().ToArray().Select(BitConverter.SingleToInt32Bits),
                back[i].Data.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void Deserialize_TruncatedFile_FailsNamingFileAndReason()
    {
        byte[] file = SafeTensors.Serialize(Sample());
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Deserialize(file.AsSpan(0, file.Length - 4), "dir/model.safetensors"));
        Assert.StartsWith("dir/model.safetensors: corrupt safetensors file:", e.Message, StringComparison.Ordinal);
        Assert.Contains("data_offsets", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_HugeHeaderLength_FailsNamingFile()
    {
        byte[] file = SafeTensors.Serialize(Sample());
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1UL << 40);
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Deserialize(file, "x.safetensors"));
        Assert.Contains("header length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_GarbageHeader_FailsAsMalformed()
    {
        byte[] file = SafeTensors.Serialize(Sample());
        file[9] = (byte)'#';
        var e = Assert.Throws<CheckpointException>(() => SafeTensors.Deserialize(file, "x.safetensors"));
        Assert.Contains("malformed header", e.Message, StringComparison.Ordinal);
    }
}
