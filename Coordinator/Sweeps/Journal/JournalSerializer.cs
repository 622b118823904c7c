using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Sweeps.Journal;

/// <summary>
/// The one Akka serializer of the sweep journal: System.Text.Json with source generation and stable manifests (never CLR
/// type names), so a journal written by this version replays in later ones. A manifest is never reused for another shape:
/// a change of shape gets a new manifest (<c>.v2</c>) and the old one stays readable.
/// </summary>
internal sealed class JournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly (string Manifest, JsonTypeInfo Info)[] Table =
    [
        ("state-change.v1", JournalJsonContext.Default.StateChange),
        ("sweep-state.v1", JournalJsonContext.Default.SweepActorState),
    ];

    private static readonly FrozenDictionary<Type, (string Manifest, JsonTypeInfo Info)> ByType = Table.ToFrozenDictionary(e => e.Info.Type);
    private static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest = Table.ToFrozenDictionary(e => e.Manifest, e => e.Info, StringComparer.Ordinal);

    /// <summary>The types this serializer is bound to.</summary>
    public static IEnumerable<Type> BoundTypes => Table.Select(e => e.Info.Type);

    /// <summary>Fixed forever: journal rows carry it.</summary>
    public const int Id = 7310;

    /// <inheritdoc/>
    public override int Identifier => Id;

    /// <inheritdoc/>
    public override string Manifest(object o) => Entry(o.GetType()).Manifest;

    /// <inheritdoc/>
    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, Entry(obj.GetType()).Info);

    /// <inheritdoc/>
    public override object FromBinary(byte[] bytes, string manifest) =>
        ByManifest.TryGetValue(manifest, out var info)
            ? JsonSerializer.Deserialize(bytes, info) ?? throw new SerializationException($"journal: empty payload for manifest '{manifest}'")
            : throw new SerializationException($"journal: unknown manifest '{manifest}' (written by a newer version?)");

    private static (string Manifest, JsonTypeInfo Info) Entry(Type type) =>
        ByType.TryGetValue(type, out var e) ? e : throw new SerializationException($"journal: {type.Name} has no manifest");
}
