namespace SweepCluster.Training.Model;

/// <summary>
/// ALiBi (Press et al.): head h adds −slope_h·|i−j| to attention score (i, j). Slopes are the geometric sequence
/// 2^(−8(k+1)/n) for n a power of two; otherwise the sequence for the closest lower power of two followed by every
/// other slope of the sequence for twice that (as <c>peer_model.py</c>).
/// </summary>
internal static class Alibi
{
    /// <summary>The slopes for <paramref name="heads"/> heads.</summary>
    public static float[] Slopes(int heads)
    {
        var result = new float[heads];
        int closest = 1 << (31 - int.LeadingZeroCount(heads));
        double[] first = Geometric(closest);
        for (int h = 0; h < closest; h++)
        {
            result[h] = (float)first[h];
        }

        if (closest != heads)
        {
            double[] second = Geometric(2 * closest);
            for (int h = closest; h < heads; h++)
            {
                result[h] = (float)second[2 * (h - closest)];
            }
        }

        return result;
    }

    private static double[] Geometric(int n)
    {
        double start = Math.Pow(2.0, -8.0 / n);
        var s = new double[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = Math.Pow(start, i + 1);
        }

        return s;
    }
}
