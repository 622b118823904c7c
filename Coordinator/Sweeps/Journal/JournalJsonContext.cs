using System.Text.Json.Serialization;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Sweeps.Journal;

/// <summary>Source-generated JSON of everything the sweep journal and its snapshots hold (enums by name, camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StateChange))]
[JsonSerializable(typeof(SweepActorState))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
