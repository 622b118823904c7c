using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Model;

/// <summary>
/// Element-wise feed-forward non-linearity (exact GELU or ReLU).
/// Shapes: x (pre-activation), y, dx, dy all [n].
/// </summary>
internal static class Activation
{
    /// <summary>y = act(x).</summary>
    public static void Forward(ActivationKind kind, Span<float> y, ReadOnlySpan<float> x)
    {
        if (kind == ActivationKind.Gelu)
        {
            GeluKernel.Forward(y, x);
        }
        else
        {
            ReluKernel.Forward(y, x);
        }
    }

    /// <summary>dx = act'(x)·dy (assigned).</summary>
    public static void Backward(ActivationKind kind, Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x)
    {
        if (kind == ActivationKind.Gelu)
        {
            GeluKernel.Backward(dx, dy, x);
        }
        else
        {
            ReluKernel.Backward(dx, dy, x);
        }
    }
}
