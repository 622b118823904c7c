namespace SweepCluster.Training.Kernels;

/// <summary>ReLU: y = max(x, 0); dx = dy where x &gt; 0, else 0. Spans of equal length.</summary>
internal static class ReluKernel
{
    /// <summary>y = max(x, 0).</summary>
    public static void Forward(Span<float> y, ReadOnlySpan<float> x) => ForwardScalar(y, x);

    /// <summary>dx = x &gt; 0 ? dy : 0 (assigned).</summary>
    public static void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x) => BackwardScalar(dx, dy, x);

    /// <summary>Scalar reference of <see cref="Forward"/>.</summary>
    public static void ForwardScalar(Span<float> y, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > 0f ? x[i] : 0f;
        }
    }

    /// <summary>Scalar reference of <see cref="Backward"/>.</summary>
    public static void BackwardScalar(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > 0f ? dy[i] : 0f;
        }
    }
}
