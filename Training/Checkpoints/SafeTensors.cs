using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace SweepCluster.Training.Checkpoints;

/// <summary>
/// The safetensors format (F32 only): 8-byte little-endian header length N, N bytes of JSON header
/// (<c>{"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}</c>, padded with
/// spaces to a multiple of 8), then the raw little-endian data; offsets are relative to the end of the header.
/// </summary>
internal static class SafeTensors
{
    private const long MaxHeader = 100_000_000;

    /// <summary>The file bytes of <paramref name="tensors"/> in order, with optional string metadata.</summary>
    public static byte[] Serialize(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var header = new MemoryStream();
        long offset = 0;
        using (var w = new Utf8JsonWriter(header))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach ((string k, string v) in metadata)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
            }

            foreach (NamedTensor t in tensors)
            {
                if (t.ElementCount != t.View().Length)
                {
                    throw new ArgumentException($"tensor {t.Name}: shape has {t.ElementCount} elements, data {t.View().Length}");
                }

                w.WriteStartObject(t.Name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (int d in t.Shape)
                {
                    w.WriteNumberValue(d);
                }

                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                offset += 4L * t.View().Length;
                w.WriteNumberValue(offset);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        int padded = (int)((header.Length + 7) / 8 * 8);
        byte[] file = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        header.GetBuffer().AsSpan(0, (int)header.Length).CopyTo(file.AsSpan(8));
        file.AsSpan(8 + (int)header.Length, padded - (int)header.Length).Fill((byte)' ');
        int at = 8 + padded;
        foreach (NamedTensor t in tensors)
        {
            ReadOnlySpan<float> src = t.View();
            Span<byte> dest = file.AsSpan(at, 4 * src.Length);
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(src).CopyTo(dest);
            }
            else
            {
                for (int i = 0; i < src.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(dest[(4 * i)..], src[i]);
                }
            }

            at += dest.Length;
        }

        return file;
    }

    /// <summary>Parses a safetensors file; any inconsistency is a <see cref="CheckpointException"/> naming <paramref name="source"/>.</summary>
    public static IReadOnlyList<(string Name, int[] Shape, float[] Data)> Deserialize(ReadOnlySpan<byte> file, string source)
    {
        if (file.Length < 8)
        {
            throw Corrupt(source, $"{file.Length} bytes, shorter than the 8-byte header length");
        }

        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (n > MaxHeader || (long)n > file.Length - 8)
        {
            throw Corrupt(source, $"header length {n} exceeds the file size {file.Length}");
        }

        long dataStart = 8 + (long)n;
        long dataLength = file.Length - dataStart;
        var result = new List<(string, int[], float[])>();
        var spans = new List<(long Begin, long End)>();
        try
        {
            using JsonDocument doc = JsonDocument.Parse(file.Slice(8, (int)n).ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Corrupt(source, "the header is not a JSON object");
            }

            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__")
                {
                    continue;
                }

                string dtype = p.Value.GetProperty("dtype").GetString() ?? "";
                if (dtype != "F32")
                {
                    throw Corrupt(source, $"tensor {p.Name} has dtype {dtype}; only F32 is supported");
                }

                int[] shape = [.. p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())];
                long[] offsets = [.. p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64())];
                long count = shape.Aggregate(1L, (a, d) => a * d);
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != 4 * count)
                {
                    throw Corrupt(source, $"tensor {p.Name}: data_offsets [{string.Join(", ", offsets)}] do not fit shape [{string.Join(", ", shape)}] within {dataLength} data bytes");
                }

                float[] data = new float[count];
                ReadOnlySpan<byte> bytes = file.Slice((int)(dataStart + offsets[0]), (int)(4 * count));
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
                }

                spans.Add((offsets[0], offsets[1]));
                result.Add((p.Name, shape, data));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw Corrupt(source, $"malformed header ({e.Message})");
        }

        long covered = spans.Sum(s => s.End - s.Begin);
        if (covered != dataLength)
        {
            throw Corrupt(source, $"tensors cover {covered} of {dataLength} data bytes (truncated or trailing data)");
        }

        return result;
    }

    private static CheckpointException Corrupt(string source, string why) => new($"{source}: corrupt safetensors file: {why}");
}
