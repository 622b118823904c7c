namespace SweepCluster.Training.Kernels;

/// <summary>Double-precision special functions for the scalar reference kernels.</summary>
internal static class ScalarMath
{
    /// <summary>
    /// The error function to about 1e-15: the Maclaurin series for |x| &lt; 2.5, the Lentz-evaluated continued fraction of
    /// erfc beyond (erf is ±1 to double precision past |x| = 6).
    /// </summary>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return x;
        }

        double ax = Math.Abs(x);
        double result;
        if (ax < 2.5)
        {
            // erf(x) = 2/√π · Σ (−1)^n x^(2n+1) / (n! (2n+1))
            double term = ax;
            double sum = ax;
            double x2 = ax * ax;
            for (int n = 1; n < 200; n++)
            {
                term *= -x2 / n;
                double add = term / ((2 * n) + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            result = sum * 1.1283791670955125739;
        }
        else if (ax > 6.0)
        {
            result = 1.0;
        }
        else
        {
            result = 1.0 - ErfcContinuedFraction(ax);
        }

        return x < 0 ? -result : result;
    }

    /// <summary>The complementary error function 1 − erf(x), accurate in relative terms for large positive x.</summary>
    public static double Erfc(double x) => x < 2.5 ? 1.0 - Erf(x) : ErfcContinuedFraction(x);

    // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))) for x ≥ 2.5.
    private static double ErfcContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++)
        {
            double an = n * 0.5;
            d = x + (an * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1.0) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x * x) / (f * 1.7724538509055160273);
    }
}
