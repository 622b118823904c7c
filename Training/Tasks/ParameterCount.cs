namespace SweepCluster.Training.Tasks;

/// <summary>The closed-form parameter count of the engine's transformer, to check the built model against.</summary>
internal static class ParameterCount
{
    /// <summary>
    /// V·C token embedding (+ T·C learned positions) + L·(4C² + 2C·F + 9C + F) blocks (two LayerNorms, qkv and output
    /// projections with biases, two feed-forward layers) + 2C final LayerNorm + head: language model V·C + V
    /// (V with a tied weight), classifier C·H + H + H·K + K.
    /// </summary>
    public static long ClosedForm(EngineSettings s, int vocab, int classes)
    {
        long c = s.DModel, f = s.DFF, v = vocab;
        long total = (v * c) + (s.Positional == "learned" ? (long)s.BlockSize * c : 0);
        total += s.Layers * ((4 * c * c) + (2 * c * f) + (9 * c) + f);
        total += 2 * c;
        if (s.IsClassifier)
        {
            long h = s.ClassifierHidden;
            total += (c * h) + h + (h * classes) + classes;
        }
        else
        {
            total += s.TiedHead ? v : (v * c) + v;
        }

        return total;
    }
}
