using System.Text.Json;
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
        where T : class
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

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(bytes, type);
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

    private static string FirstLine(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }
}
