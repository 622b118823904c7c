using System.Text.Json;

namespace SweepCluster.Messages;

/// <summary>One ranked trial of a sweep's leaderboard.</summary>
public sealed record LeaderboardRow
{
    /// <summary>1-based rank.</summary>
    public int Rank { get; init; }

    /// <summary>The trial's id (<c>{sweep id}.{index}</c>), as in the worker protocol.</summary>
    public string? TrialId { get; init; }

    /// <summary>The trial's stable key.</summary>
    public required string TrialKey { get; init; }

    /// <summary>The trial's swept parameters.</summary>
    public IReadOnlyDictionary<string, JsonElement> Parameters { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Best objective value so far (null before the first report).</summary>
    public double? BestValue { get; init; }

    /// <summary>Step of the best value.</summary>
    public long? BestStep { get; init; }

    /// <summary>The trial's state.</summary>
    public required string Status { get; init; }

    /// <summary>Wall time of the trial, in seconds.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Path of the trial's <c>best/</c> checkpoint on the coordinator, if kept.</summary>
    public string? CheckpointPath { get; init; }
}
