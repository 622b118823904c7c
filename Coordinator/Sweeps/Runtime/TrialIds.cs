using System.Security.Cryptography;
using System.Text;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>URL-safe ids for sweeps and trials, and deterministic trial seeds.</summary>
internal static class TrialIds
{
    /// <summary>A sweep id: the name's slug and 8 hex digits of a hash of the name and creation time.</summary>
    public static string NewSweepId(string name, DateTimeOffset createdAt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\n{createdAt.UtcTicks}"));
        return $"{Slug(name)}-{Convert.ToHexStringLower(hash, 0, 4)}";
    }

    /// <summary>A trial id, unique across sweeps: <c>{sweepId}.{index}</c>.</summary>
    public static string TrialId(string sweepId, int index) => $"{sweepId}.{index}";

    /// <summary>The sweep id inside a trial id, or null when it is not one.</summary>
    public static string? SweepOf(string trialId)
    {
        var dot = trialId.LastIndexOf('.');
        return dot > 0 ? trialId[..dot] : null;
    }

    /// <summary>Lower-case letters, digits and dashes only (never empty).</summary>
    public static string Slug(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "sweep" : slug;
    }

    /// <summary>A file-name-safe version of a trial key.</summary>
    public static string SafeFileName(string key)
    {
        var sb = new StringBuilder();
        foreach (var c in key)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '=' or ',' ? c : '_');
        }

        var name = sb.ToString();
        return name.Length == 0 || name is "." or ".." ? "_" + name : name;
    }

    /// <summary>A trial's seed, derived from the sweep seed and the trial key (stable across runs and machines).</summary>
    public static long TrialSeed(long sweepSeed, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{sweepSeed}\n{key}"));
        return BitConverter.ToInt64(hash, 0) & long.MaxValue;
    }
}
