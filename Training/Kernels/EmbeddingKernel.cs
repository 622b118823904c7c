namespace SweepCluster.Training.Kernels;

/// <summary>Embedding lookup: output[i, :] = table[ids[i], :]; backward scatter-adds rows in id order (deterministic).</summary>
internal static class EmbeddingKernel
{
    /// <summary>output [ids.Length, cols] = rows of table [*, cols] picked by ids.</summary>
    public static void Gather(Span<float> output, ReadOnlySpan<float> table, ReadOnlySpan<int> ids, int cols)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            table.Slice(ids[i] * cols, cols).CopyTo(output.Slice(i * cols, cols));
        }
    }

    /// <summary>dtable[ids[i], :] += doutput[i, :] for i in order.</summary>
    public static void ScatterAdd(Span<float> dtable, ReadOnlySpan<float> doutput, ReadOnlySpan<int> ids, int cols)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            VectorKernel.AddInPlace(dtable.Slice(ids[i] * cols, cols), doutput.Slice(i * cols, cols));
        }
    }

    /// <summary>Scalar reference of <see cref="ScatterAdd"/>.</summary>
    public static void ScatterAddScalar(Span<float> dtable, ReadOnlySpan<float> doutput, ReadOnlySpan<int> ids, int cols)
    {
        for (int i = 0; i < ids.Length; i++)
        {
            int row = ids[i] * cols;
            for (int c = 0; c < cols; c++)
            {
                dtable[row + c] += doutput[(i * cols) + c];
            }
        }
    }
}
