using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SweepCluster.Training.Imaging;

namespace SweepCluster.Training.Tests.Imaging;

public sealed class PngWriterTests
{
    [Fact]
    public void Crc32_CheckString_MatchesTheStandardValue()
    {
        Assert.Equal(0xCBF43926u, PngWriter.Crc32("123456789"u8));
    }

    [Fact]
    public void Encode_TwoByTwo_WritesValidChunksAndPixelRows()
    {
        byte[] rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
        byte[] png = PngWriter.Encode(2, 2, rgb);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        int at = 8;
        while (at < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            byte[] data = png.AsSpan(at + 8, len).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + len));
            Assert.Equal(PngWriter.Crc32(data, PngWriter.Crc32(Encoding.ASCII.GetBytes(type))), crc);
            chunks.Add((type, data));
            at += 12 + len;
        }

        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        Assert.Equal([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0], chunks[0].Data);
        using var z = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        Assert.Equal([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 10, 20, 30], raw.ToArray());
    }

    [Fact]
    public void HeatMapRender_Probabilities_DarkerForLargerValues()
    {
        byte[] png = HeatMap.Render([1f, 0f, 0.5f, 0.5f], ["a", "b"]);
        Assert.Equal(0x89, png[0]);
        Assert.Throws<ArgumentException>(() => HeatMap.Render([1f, 0f, 0.5f], ["a", "b"]));
    }
}
