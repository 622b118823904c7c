using SweepCluster.Training.Common;

namespace SweepCluster.Training.Checkpoints;

/// <summary>A dropout generator's state as the four words a checkpoint stores (<c>ITaskModel.DropoutRngState</c>).</summary>
internal static class RngWords
{
    /// <summary>The four state words of <paramref name="s"/>.</summary>
    public static ulong[] Of(RngState s) => [s.S0, s.S1, s.S2, s.S3];

    /// <summary>The state stored as <paramref name="words"/>; a checkpoint error unless there are exactly four.</summary>
    public static RngState State(ulong[] words) => words.Length == 4
        ? new RngState(words[0], words[1], words[2], words[3])
        : throw new CheckpointException($"dropout RNG state has {words.Length} words, expected 4");
}
