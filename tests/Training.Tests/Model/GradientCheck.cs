using SweepCluster.Training.Common;
using SweepCluster.Training.Kernels;
using SweepCluster.Training.Model;

namespace SweepCluster.Training.Tests.Model;

/// <summary>
/// Central finite differences in float32 with step <see cref="Step"/> on parameters of O(0.3): the rule is
/// |analytic − numeric| ≤ <see cref="Relative"/>·max(|analytic|, |numeric|) + <see cref="Absolute"/>.
/// Where ReLU kinks exist (allowKinks), an entry whose central difference straddles a kink passes when the analytic
/// value meets the same rule against a one-sided (forward or backward) difference with step h or h/4, i.e. it is the
/// derivative of one side of the kink.
/// </summary>
internal static class GradientCheck
{
    public const float Step = 1e-3f;
    public const double Relative = 2e-2;
    public const double Absolute = 5e-4;

    /// <summary>Gives the values being differentiated (spans cannot be captured).</summary>
    public delegate Span<float> Values();

    /// <summary>The numeric derivative of <paramref name="loss"/> with respect to values()[index].</summary>
    public static double Numeric(Values values, int index, Func<double> loss)
    {
        float saved = values()[index];
        values()[index] = saved + Step;
        double up = loss();
        values()[index] = saved - Step;
        double down = loss();
        values()[index] = saved;
        return (up - down) / (2.0 * Step);
    }

    /// <summary>Asserts the rule for every entry of <paramref name="analytic"/> (a copy) against finite differences of <paramref name="values"/>.</summary>
    public static void AssertClose(string what, Values values, float[] analytic, Func<double> loss, bool allowKinks = false)
    {
        Assert.Equal(values().Length, analytic.Length);
        for (int i = 0; i < analytic.Length; i++)
        {
            double numeric = Numeric(values, i, loss);
            double a = analytic[i];
            if (Close(a, numeric))
            {
                continue;
            }

            if (allowKinks && OneSidedMatches(values, i, a, loss))
            {
                continue;
            }

            Assert.Fail($"{what}[{i}]: analytic {a:G6} vs numeric {numeric:G6}");
        }
    }

    // Forward and backward differences with steps Step and Step/4 (a kink may sit within Step of the point).
    private static bool OneSidedMatches(Values values, int i, double a, Func<double> loss)
    {
        float saved = values()[i];
        double mid = loss();
        foreach (float h in (ReadOnlySpan<float>)[Step, Step / 4])
        {
            values()[i] = saved + h;
            double up = loss();
            values()[i] = saved - h;
            double down = loss();
            values()[i] = saved;
            if (Close(a, (up - mid) / h) || Close(a, (mid - down) / h))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Close(double a, double numeric) =>
        Math.Abs(a - numeric) <= (Relative * Math.Max(Math.Abs(a), Math.Abs(numeric))) + Absolute;

    /// <summary>Random values of scale <paramref name="scale"/> (uniform in [−scale, scale]).</summary>
    public static float[] Random(int n, float scale, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = ((rng.NextSingle() * 2f) - 1f) * scale;
        }

        return v;
    }

    /// <summary>Σ w·y in double (a scalar loss whose gradient with respect to y is w).</summary>
    public static double Weighted(ReadOnlySpan<float> y, ReadOnlySpan<float> w)
    {
        double s = 0;
        for (int i = 0; i < y.Length; i++)
        {
            s += (double)y[i] * w[i];
        }

        return s;
    }

    /// <summary>Re-initialises a model's parameters at gradient-check scale: weights uniform ±0.3, LayerNorm gains 1 ± 0.2.</summary>
    public static void Scramble(TransformerModel model, ulong seed) => Scramble(model.Tensors, model.Parameters, seed);

    /// <summary>Scrambles the parameters <paramref name="p"/> laid out by <paramref name="tensors"/> (see the model overload).</summary>
    public static void Scramble(TensorTable tensors, Span<float> p, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        foreach (TensorInfo t in tensors.Tensors)
        {
            bool gain = t.Name.Contains("ln", StringComparison.Ordinal) && t.Name.EndsWith(".weight", StringComparison.Ordinal)
                && !t.Name.Contains("cls", StringComparison.Ordinal);
            for (int i = t.Offset; i < t.Offset + t.Length; i++)
            {
                float u = (rng.NextSingle() * 2f) - 1f;
                p[i] = gain ? 1f + (0.2f * u) : 0.3f * u;
            }
        }
    }

    /// <summary>A one-thread pool for tests.</summary>
    public static ComputePool Pool => ComputePool.Single;
}
