namespace SweepCluster.Training.Tasks;

/// <summary>
/// Standard test objectives for comparing search methods, all minimised: Branin (2-d), Hartmann-6 (6-d, unit cube) and
/// Rosenbrock (N-d). Each knows its domain and its global minimum, so a search's simple regret is value − minimum.
/// </summary>
internal static class TestFunctions
{
    /// <summary>The function names, as the <c>function</c> setting spells them.</summary>
    public static readonly string[] Names = ["branin", "hartmann6", "rosenbrock"];

    // Hartmann-6: the published weights, exponents and centres of the four Gaussian wells
    private static readonly double[] Alpha = [1.0, 1.2, 3.0, 3.2];

    private static readonly double[,] A =
    {
        { 10, 3, 17, 3.5, 1.7, 8 },
        { 0.05, 10, 17, 0.1, 8, 14 },
        { 3, 3.5, 1.7, 10, 17, 8 },
        { 17, 8, 0.05, 10, 0.1, 14 },
    };

    private static readonly double[,] P =
    {
        { 0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886 },
        { 0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991 },
        { 0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650 },
        { 0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381 },
    };

    /// <summary>How many inputs <paramref name="name"/> takes (null: any number ≥ 2, Rosenbrock).</summary>
    public static int? Dimensions(string name) => name switch
    {
        "branin" => 2,
        "hartmann6" => 6,
        _ => null,
    };

    /// <summary>The global minimum of <paramref name="name"/>.</summary>
    public static double Minimum(string name) => name switch
    {
        "branin" => 0.397887357729739,
        "hartmann6" => -3.32236801141551,
        _ => 0,
    };

    /// <summary>The domain of input <paramref name="index"/> (0-based) of <paramref name="name"/>.</summary>
    public static (double Low, double High) Domain(string name, int index) => name switch
    {
        "branin" => index == 0 ? (-5, 10) : (0, 15),
        "hartmann6" => (0, 1),
        _ => (-2.048, 2.048),
    };

    /// <summary>The value of <paramref name="name"/> at <paramref name="x"/>.</summary>
    public static double Evaluate(string name, IReadOnlyList<double> x) => name switch
    {
        "branin" => Branin(x[0], x[1]),
        "hartmann6" => Hartmann6(x),
        "rosenbrock" => Rosenbrock(x),
        _ => throw new ArgumentException($"unknown function '{name}'", nameof(name)),
    };

    /// <summary>Branin-Hoo on [−5, 10] × [0, 15]; three global minima of 0.397887.</summary>
    public static double Branin(double x1, double x2)
    {
        var b = 5.1 / (4 * Math.PI * Math.PI);
        var c = 5 / Math.PI;
        var t = 1 / (8 * Math.PI);
        var q = x2 - (b * x1 * x1) + (c * x1) - 6;
        return (q * q) + (10 * (1 - t) * Math.Cos(x1)) + 10;
    }

    /// <summary>Hartmann-6 on [0, 1]^6; global minimum −3.32237.</summary>
    public static double Hartmann6(IReadOnlyList<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var inner = 0.0;
            for (var j = 0; j < 6; j++)
            {
                var d = x[j] - P[i, j];
                inner += A[i, j] * d * d;
            }

            sum += Alpha[i] * Math.Exp(-inner);
        }

        return -sum;
    }

    /// <summary>Rosenbrock in N ≥ 2 dimensions; global minimum 0 at (1, …, 1).</summary>
    public static double Rosenbrock(IReadOnlyList<double> x)
    {
        var sum = 0.0;
        for (var i = 0; i + 1 < x.Count; i++)
        {
            var a = x[i + 1] - (x[i] * x[i]);
            var b = 1 - x[i];
            sum += (100 * a * a) + (b * b);
        }

        return sum;
    }
}
