namespace SweepCluster.Training.Checkpoints;

/// <summary>A named float32 tensor over existing memory (a slice of a flat parameter or optimizer-state array).</summary>
internal sealed record NamedTensor(string Name, int[] Shape, Memory<float> Data)
{
    /// <summary>Elements implied by <see cref="Shape"/>.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}

/// <summary>A checkpoint file is missing, of a wrong version or corrupt; the message names the file and why.</summary>
internal sealed class CheckpointException(string message) : Exception(message);
