using System.Text.Json;

namespace SweepCluster.Coordinator.Sweeps.Planning;

/// <summary>One point of a sweep's plan: its position, its stable key and its parameter values (JSON scalars, file order).</summary>
internal sealed record PlannedTrial(int Index, string Key, IReadOnlyDictionary<string, JsonElement> Parameters);
