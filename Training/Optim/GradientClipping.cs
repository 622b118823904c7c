namespace SweepCluster.Training.Optim;

/// <summary>Global-norm gradient clipping as <c>torch.nn.utils.clip_grad_norm_</c> (L2 norm over all gradients).</summary>
internal static class GradientClipping
{
    /// <summary>
    /// Scales <paramref name="gradients"/> by min(1, maxNorm / (norm + 1e-6)) and returns the norm before clipping.
    /// The sum of squares is accumulated in double in index order (deterministic).
    /// </summary>
    public static double ClipByGlobalNorm(Span<float> gradients, double maxNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        double sum = 0;
        foreach (float g in gradients)
        {
            sum += (double)g * g;
        }

        double norm = Math.Sqrt(sum);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0)
        {
            float c = (float)coef;
            for (int i = 0; i < gradients.Length; i++)
            {
                gradients[i] *= c;
            }
        }

        return norm;
    }
}
