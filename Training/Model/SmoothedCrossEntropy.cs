namespace SweepCluster.Training.Model;

/// <summary>
/// Cross-entropy with label smoothing ε, PyTorch's <c>CrossEntropyLoss(label_smoothing = ε)</c>: the target
/// distribution is (1 − ε)·onehot(y) + ε/V, so loss = −(1 − ε)·log p_y − (ε/V)·Σ_j log p_j.
/// Shapes: logits, dlogits [rows, V]; targets [rows] (−1 rows give no loss and zero gradient).
/// </summary>
internal static class SmoothedCrossEntropy
{
    /// <summary>Assigns dlogits = (softmax − target distribution)·scale; returns the summed loss (double).</summary>
    public static double ForwardBackward(
        Span<float> dlogits, ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, int rows, int v, float eps, float scale)
    {
        double total = 0;
        double uniform = eps / (double)v;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> z = logits.Slice(r * v, v);
            Span<float> dz = dlogits.Slice(r * v, v);
            int y = targets[r];
            if (y < 0)
            {
                dz.Clear();
                continue;
            }

            double max = double.NegativeInfinity;
            foreach (float zj in z)
            {
                max = Math.Max(max, zj);
            }

            double sum = 0, sumZ = 0;
            foreach (float zj in z)
            {
                sum += Math.Exp(zj - max);
                sumZ += zj;
            }

            double logZ = max + Math.Log(sum);
            total += ((1 - eps) * (logZ - z[y])) + (uniform * ((v * logZ) - sumZ));
            for (int j = 0; j < v; j++)
            {
                double p = Math.Exp(z[j] - logZ);
                dz[j] = (float)((p - uniform - (j == y ? 1 - eps : 0)) * scale);
            }
        }

        return total;
    }
}
