using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary>Reads a size-limited request body and parses it with the wire context; failures become problems naming the field.</summary>
internal static class JsonBody
{
    /// <summary>Reads at most <paramref name="limit"/> bytes; null and a 413 problem when the body is larger.</summary>
    public static async Task<(byte[]? Bytes, ProblemResult? Problem)> ReadLimitedAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit)
        {
            return (null, Problems.TooLarge(limit));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int n;
        while ((n = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > limit)
            {
                return (null, Problems.TooLarge(limit));
            }

            buffer.Write(chunk, 0, n);
        }

        return (buffer.ToArray(), null);
    }

    /// <summary>Parses a JSON body into <typeparamref name="T"/> and checks its protocol version.</summary>
    public static async Task<(T? Value, ProblemResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, long limit, Func<T, int> protocol, CancellationToken ct)
        where T : class, new()
    {
        if (request.ContentType is { } ct0 && !ct0.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Unsupported($"expected application/json, got {ct0}"));
        }

        var (bytes, problem) = await ReadLimitedAsync(request, limit, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException)
        {
            node = null; // malformed: the serializer below says where
        }

        T? value;
        try
        {
            value = node is JsonObject body
                ? WithDefaults(WithoutNullFields(body), JsonSerializer.SerializeToNode(new T(), type)).Deserialize(type)
                : JsonSerializer.Deserialize(bytes, type);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest(e.Path ?? "$", "malformed JSON: " + FirstLine(e.Message)));
        }

        if (value is null)
        {
            return (null, Problems.BadRequest("$", "the body must be a JSON object"));
        }

        var version = protocol(value);
        return version != ProtocolVersion.Current
            ? (null, Problems.BadRequest("$.protocol", $"protocol version {version} is not supported; this coordinator speaks {ProtocolVersion.Current}"))
            : (value, null);
    }

    /// <summary>Deepest JSON accepted in a request body (the wire types nest a few levels).</summary>
    private const int MaxDepth = 64;

    /// <summary>Members whose object is a dictionary: a null entry there is a value to validate, not an absent field.</summary>
    private static readonly HashSet<string> DictionaryMembers = new(StringComparer.OrdinalIgnoreCase) { "labels", "values" };

    /// <summary>
    /// Drops <c>"field": null</c> members (recursively) so that a null field means the same as an absent one: an optional
    /// field takes its declared default, a required one is reported missing by name (a null list or map was a 500 before).
    /// </summary>
    private static JsonObject WithoutNullFields(JsonObject obj)
    {
        foreach (var name in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(name);
        }

        foreach (var (name, value) in obj)
        {
            if (value is JsonObject inner && !DictionaryMembers.Contains(name))
            {
                WithoutNullFields(inner);
            }
            else if (value is JsonArray items)
            {
                foreach (var item in items.OfType<JsonObject>())
                {
                    WithoutNullFields(item);
                }
            }
        }

        return obj;
    }

    /// <summary>
    /// Adds the contract's declared default of every top-level member absent from <paramref name="body"/>: the generated
    /// deserializer sets an absent init-only member to null or 0, not to its declared default.
    /// </summary>
    private static JsonObject WithDefaults(JsonObject body, JsonNode? defaults)
    {
        foreach (var (name, value) in defaults as JsonObject ?? [])
        {
            if (!body.ContainsKey(name) && value is not null)
            {
                body[name] = value.DeepClone();
            }
        }

        return body;
    }

    private static string FirstLine(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }
}
