using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Coordinator.Hocon;

/// <summary>Converts resolved values to JSON (numbers keep their value; everything else maps one to one).</summary>
internal static class HoconJson
{
    /// <summary>The value as a standalone <see cref="JsonElement"/> (as deep as the parser allows, not JSON's default 64).</summary>
    public static JsonElement ToJsonElement(HoconValue value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = HoconParser.MaxDepth + 1 }))
        {
            Write(writer, value);
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = HoconParser.MaxDepth + 1 });
        return doc.RootElement.Clone();
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="writer"/>.</summary>
    public static void Write(Utf8JsonWriter writer, HoconValue value)
    {
        switch (value)
        {
            case HoconObject o:
                writer.WriteStartObject();
                foreach (var (key, v) in o.Fields)
                {
                    writer.WritePropertyName(key);
                    Write(writer, v);
                }

                writer.WriteEndObject();
                break;
            case HoconArray a:
                writer.WriteStartArray();
                foreach (var item in a.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case HoconScalar { Kind: HoconScalarKind.Number } n:
                WriteNumber(writer, n.Text);
                break;
            case HoconScalar { Kind: HoconScalarKind.Boolean } b:
                writer.WriteBooleanValue(b.Text == "true");
                break;
            case HoconScalar { Kind: HoconScalarKind.Null }:
                writer.WriteNullValue();
                break;
            case HoconScalar s:
                writer.WriteStringValue(s.Text);
                break;
        }
    }

    /// <summary>Writes a number literal as its canonical JSON form (integers stay integers).</summary>
    public static void WriteNumber(Utf8JsonWriter writer, string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            writer.WriteNumberValue(l);
        }
        else
        {
            writer.WriteNumberValue(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }
}
