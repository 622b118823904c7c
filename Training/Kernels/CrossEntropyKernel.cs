using System.Runtime.Intrinsics;

namespace SweepCluster.Training.Kernels;

/// <summary>
/// Softmax cross-entropy over rows of logits [rows, vocab] with integer targets [rows]; a target of −1 ignores the row.
/// Losses are summed in double, row by row in order (deterministic).
/// </summary>
internal static class CrossEntropyKernel
{
    /// <summary>
    /// Returns the total loss over rows with target ≥ 0 and assigns dlogits = (softmax − onehot)·gradScale
    /// (zero for ignored rows).
    /// </summary>
    public static double ForwardBackward(
        Span<float> dlogits, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int vocab, float gradScale)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<float> d = dlogits.Slice(r * vocab, vocab);
            int target = targets[r];
            if (target < 0)
            {
                d.Clear();
                continue;
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target, vocab, nameof(targets));
            ReadOnlySpan<float> z = logits.Slice(r * vocab, vocab);
            float max = SoftmaxKernel.Max(z);
            float sum = SoftmaxKernel.ExpShift(d, z, max);
            VectorKernel.Scale(d, gradScale / sum);
            d[target] -= gradScale;
            total += (double)MathF.Log(sum) + max - z[target];
        }

        return total;
    }

    /// <summary>
    /// Returns the total loss over rows with target ≥ 0, without gradients. When <paramref name="argmax"/> is not empty it
    /// receives each row's index of the largest logit (the first one on ties), for every row including ignored ones.
    /// </summary>
    public static double Forward(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int vocab, Span<int> argmax)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> z = logits.Slice(r * vocab, vocab);
            float max = SoftmaxKernel.Max(z);
            if (!argmax.IsEmpty)
            {
                argmax[r] = FirstIndexOf(z, max);
            }

            int target = targets[r];
            if (target < 0)
            {
                continue;
            }

            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(target, vocab, nameof(targets));
            float sum = SoftmaxKernel.ExpShift([], z, max);
            total += (double)MathF.Log(sum) + max - z[target];
        }

        return total;
    }

    private static int FirstIndexOf(ReadOnlySpan<float> z, float value)
    {
        int i = 0;
        var v = Vector512.Create(value);
        for (; i + VecMath.Width <= z.Length; i += VecMath.Width)
        {
            ulong bits = Vector512.Equals(Vector512.Create(z.Slice(i, VecMath.Width)), v).ExtractMostSignificantBits();
            if (bits != 0)
            {
                return i + System.Numerics.BitOperations.TrailingZeroCount(bits);
            }
        }

        for (; i < z.Length; i++)
        {
            if (z[i] == value)
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Scalar reference of <see cref="ForwardBackward"/>.</summary>
    public static double ForwardBackwardScalar(
        Span<float> dlogits, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int vocab, float gradScale)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            Span<float> d = dlogits.Slice(r * vocab, vocab);
            int target = targets[r];
            if (target < 0)
            {
                d.Clear();
                continue;
            }

            ReadOnlySpan<float> z = logits.Slice(r * vocab, vocab);
            float max = float.NegativeInfinity;
            for (int i = 0; i < vocab; i++)
            {
                max = MathF.Max(max, z[i]);
            }

            float sum = 0f;
            for (int i = 0; i < vocab; i++)
            {
                float e = MathF.Exp(z[i] - max);
                d[i] = e;
                sum += e;
            }

            float scale = gradScale / sum;
            for (int i = 0; i < vocab; i++)
            {
                d[i] *= scale;
            }

            d[target] -= gradScale;
            total += (double)MathF.Log(sum) + max - z[target];
        }

        return total;
    }

    /// <summary>Scalar reference of <see cref="Forward"/>.</summary>
    public static double ForwardScalar(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int vocab, Span<int> argmax)
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> z = logits.Slice(r * vocab, vocab);
            float max = float.NegativeInfinity;
            int best = 0;
            for (int i = 0; i < vocab; i++)
            {
                if (z[i] > max)
                {
                    max = z[i];
                    best = i;
                }
            }

            if (!argmax.IsEmpty)
            {
                argmax[r] = best;
            }

            int target = targets[r];
            if (target < 0)
            {
                continue;
            }

            float sum = 0f;
            for (int i = 0; i < vocab; i++)
            {
                sum += MathF.Exp(z[i] - max);
            }

            total += (double)MathF.Log(sum) + max - z[target];
        }

        return total;
    }
}
