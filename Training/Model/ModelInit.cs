using SweepCluster.Training.Common;

namespace SweepCluster.Training.Model;

/// <summary>Initial parameter values by <see cref="InitScheme"/> (LayerNorm weights 1 and biases 0 in both schemes).</summary>
internal static class ModelInit
{
    /// <summary>Fills tensor <paramref name="t"/> (a slice of the parameters) from <paramref name="rng"/>.</summary>
    public static void Fill(Span<float> v, TensorInfo t, TensorTable table, bool layerNorm, ModelConfig config, Xoshiro256 rng)
    {
        bool bias = t.Name.EndsWith(".bias", StringComparison.Ordinal);
        if (layerNorm)
        {
            v.Fill(1f);
        }
        else if (config.Init == InitScheme.Normal)
        {
            if (!bias)
            {
                Gaussian(v, 0.02, rng);
            }
        }
        else if (t.Name is "tok_emb.weight" or "pos_emb.weight")
        {
            Gaussian(v, 1.0, rng);
        }
        else if (!t.Name.StartsWith("ln", StringComparison.Ordinal) && !t.Name.Contains(".ln", StringComparison.Ordinal))
        {
            // nn.Linear: kaiming_uniform(a = √5) for the weight and uniform(±1/√fan_in) for the bias, both ±1/√fan_in
            double bound = 1.0 / Math.Sqrt(FanIn(t, table, config));
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = (float)(((2.0 * rng.NextDouble()) - 1.0) * bound);
            }
        }
    }

    private static int FanIn(TensorInfo t, TensorTable table, ModelConfig config)
    {
        if (!t.Name.EndsWith(".bias", StringComparison.Ordinal))
        {
            return t.Shape[1];
        }

        string weight = t.Name[..^".bias".Length] + ".weight";
        return table.Contains(weight) ? table[weight].Shape[1] : config.DModel; // a tied head's bias: fan-in d_model
    }

    private static void Gaussian(Span<float> v, double std, Xoshiro256 rng)
    {
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(std * rng.NextGaussian());
        }
    }
}
