namespace SweepCluster.Training.Data;

/// <summary>
/// A batch of token sequences, row-major [<see cref="Size"/>, <see cref="Length"/>], padded with id 0.
/// Language model: <see cref="Targets"/> is [Size, Length] (the next tokens). Classifier: [Size] class ids.
/// Sequence to sequence: Tokens is the decoder input and Targets its next tokens, both [Size, Length]; <see cref="Source"/>
/// is [Size, <see cref="SourceLength"/>].
/// </summary>
internal sealed record Batch(int Size, int Length, int[] Tokens, int[] Targets)
{
    /// <summary>Source token ids of a sequence-to-sequence batch (empty otherwise).</summary>
    public int[] Source { get; init; } = [];

    /// <summary>Source length of a sequence-to-sequence batch.</summary>
    public int SourceLength { get; init; }
}

/// <summary>A classification example: token ids (already truncated to the block) and class id.</summary>
internal sealed record ClassifyExample(int[] Tokens, int Label);

/// <summary>Builds batches from examples or token streams.</summary>
internal static class Batches
{
    /// <summary>Classification batch of <paramref name="examples"/> at <paramref name="indices"/>, padded to <paramref name="block"/>.</summary>
    public static Batch Classify(IReadOnlyList<ClassifyExample> examples, ReadOnlySpan<int> indices, int block)
    {
        int size = indices.Length;
        int[] tokens = new int[size * block];
        int[] labels = new int[size];
        for (int b = 0; b < size; b++)
        {
            ClassifyExample e = examples[indices[b]];
            int n = Math.Min(block, e.Tokens.Length);
            e.Tokens.AsSpan(0, n).CopyTo(tokens.AsSpan(b * block, n));
            labels[b] = e.Label;
        }

        return new Batch(size, block, tokens, labels);
    }

    /// <summary>Language-model batch of windows of <paramref name="length"/>+1 tokens starting at <paramref name="starts"/>.</summary>
    public static Batch Windows(int[] stream, ReadOnlySpan<int> starts, int length)
    {
        int size = starts.Length;
        int[] tokens = new int[size * length];
        int[] targets = new int[size * length];
        for (int b = 0; b < size; b++)
        {
            stream.AsSpan(starts[b], length).CopyTo(tokens.AsSpan(b * length, length));
            stream.AsSpan(starts[b] + 1, length).CopyTo(targets.AsSpan(b * length, length));
        }

        return new Batch(size, length, tokens, targets);
    }

    /// <summary>
    /// Evaluation batches over the whole stream in consecutive windows of <paramref name="block"/> predicted tokens
    /// (the last one shorter); every token after the first is predicted exactly once.
    /// </summary>
    public static IEnumerable<Batch> ConsecutiveWindows(int[] stream, int block, int batchSize)
    {
        int predicted = stream.Length - 1;
        int full = predicted / block;
        var starts = new List<int>(batchSize);
        for (int w = 0; w < full; w++)
        {
            starts.Add(w * block);
            if (starts.Count == batchSize)
            {
                yield return Windows(stream, starts.ToArray(), block);
                starts.Clear();
            }
        }

        if (starts.Count > 0)
        {
            yield return Windows(stream, starts.ToArray(), block);
        }

        int rest = predicted - (full * block);
        if (rest > 0)
        {
            yield return Windows(stream, [full * block], rest);
        }
    }
}
