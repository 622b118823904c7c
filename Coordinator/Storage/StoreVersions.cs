namespace SweepCluster.Coordinator.Storage;

/// <summary>What a store written by an earlier version of SweepCluster gets told.</summary>
internal static class StoreVersions
{
    /// <summary>The refusal of a store at schema <paramref name="version"/> (before the Akka journal): what it is and what to do.</summary>
    public static string Refusal(string where, long version) =>
        $"{where} was written by an earlier SweepCluster (store version {version}, with its own hand-written journal); this " +
        "version keeps each sweep's events in an Akka.Persistence journal and cannot read that store. Move it aside (or point " +
        "cluster.storage elsewhere) and run again; the earlier version can still read it (leaderboard, checkpoints).";
}
