using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SweepCluster.Coordinator.Sweeps.Planning;

/// <summary>The stable key of a point: a short hash of its canonical parameters (names sorted, numbers by value).</summary>
internal static class TrialKey
{
    /// <summary>12 hex characters of the SHA-256 of <see cref="Canonical"/>.</summary>
    public static string Of(IReadOnlyDictionary<string, JsonElement> parameters)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(parameters)));
        return Convert.ToHexStringLower(hash)[..12];
    }

    /// <summary><c>{"a":1,"b":"x"}</c> with keys in ordinal order and numbers in shortest round-trip form.</summary>
    public static string Canonical(IReadOnlyDictionary<string, JsonElement> parameters)
    {
        var sb = new StringBuilder("{");
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (sb.Length > 1)
            {
                sb.Append(',');
            }

            sb.Append(JsonSerializer.Serialize(name)).Append(':').Append(CanonicalValue(value));
        }

        return sb.Append('}').ToString();
    }

    private static string CanonicalValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
        _ => value.GetRawText(),
    };
}
