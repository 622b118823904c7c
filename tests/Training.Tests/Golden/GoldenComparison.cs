using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Golden;

/// <summary>
/// The golden comparison rule, per tensor T: every element satisfies |a − b| ≤ 1e-4·max(|b|, m_T), where b is
/// PyTorch's value and m_T the largest |b| in T (relative error 1e-4, measured against the tensor's own scale so that
/// elements near zero by cancellation are not held to an impossible float32 bound).
/// </summary>
internal static class GoldenComparison
{
    public const double Tolerance = 1e-4;

    public static void AssertClose(string what, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = 0;
        foreach (float e in expected)
        {
            scale = Math.Max(scale, Math.Abs(e));
        }

        Assert.True(scale > 0, $"{what}: expected values are all zero");
        for (int i = 0; i < expected.Length; i++)
        {
            double b = expected[i];
            double bound = Tolerance * Math.Max(Math.Abs(b), scale);
            Assert.True(Math.Abs(actual[i] - b) <= bound, $"{what}[{i}]: engine {actual[i]:G9}, PyTorch {b:G9} (bound {bound:G3})");
        }
    }

    /// <summary>Applies the rule to each tensor of flat arrays laid out by <paramref name="table"/>.</summary>
    public static void AssertClosePerTensor(string what, TensorTable table, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        foreach (TensorInfo t in table.Tensors)
        {
            AssertClose($"{what} {t.Name}", actual.Slice(t.Offset, t.Length), expected.Slice(t.Offset, t.Length));
        }
    }

    /// <summary>The worst |a − b| / max(|b|, m_T) over all tensors (printed by the tests for the record).</summary>
    public static double WorstRatio(TensorTable table, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double worst = 0;
        foreach (TensorInfo t in table.Tensors)
        {
            ReadOnlySpan<float> e = expected.Slice(t.Offset, t.Length);
            ReadOnlySpan<float> a = actual.Slice(t.Offset, t.Length);
            double scale = 0;
            foreach (float v in e)
            {
                scale = Math.Max(scale, Math.Abs(v));
            }

            for (int i = 0; i < e.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(a[i] - e[i]) / Math.Max(Math.Abs(e[i]), scale));
            }
        }

        return worst;
    }
}
