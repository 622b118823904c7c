namespace SweepCluster.Training.Checkpoints;

/// <summary>Returns the live storage of a tensor (a slice of a flat parameter or optimizer-state array).</summary>
internal delegate Span<float> TensorView();

/// <summary>A named float32 tensor over live storage.</summary>
internal sealed record NamedTensor(string Name, int[] Shape, TensorView View)
{
    /// <summary>Elements implied by <see cref="Shape"/>.</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);

    /// <summary>A tensor over a slice of an array.</summary>
    public static NamedTensor Over(string name, int[] shape, float[] array, int offset = 0)
    {
        int length = checked((int)shape.Aggregate(1L, (a, d) => a * d));
        return new NamedTensor(name, shape, () => array.AsSpan(offset, length));
    }
}

/// <summary>A checkpoint file is missing, of a wrong version or corrupt; the message names the file and why.</summary>
internal sealed class CheckpointException(string message) : Exception(message);
