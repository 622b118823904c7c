using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Config;

namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>
/// A multivariate Parzen estimator over a sweep's space, as TPE uses it: a mixture of a broad prior component and one
/// product kernel per observation. Numeric parameters are truncated Gaussians in an internal coordinate (log for
/// loguniform, the value for uniform and int); choices are categorical kernels that favour the observed value.
/// </summary>
internal sealed class ParzenEstimator
{
    private const double SigmaMagnitude = 0.2;
    private readonly IReadOnlyList<ParameterConfig> _space;
    private readonly List<double[]> _centres;
    private readonly double[] _sigmas;
    private readonly double _priorWeight;

    /// <summary>Fits the estimator to <paramref name="points"/> (internal coordinates, see <see cref="Encode"/>).</summary>
    public ParzenEstimator(IReadOnlyList<ParameterConfig> space, IReadOnlyList<double[]> points, double priorWeight)
    {
        _space = space;
        _centres = [.. points];
        _priorWeight = priorWeight;
        var n = Math.Max(1, points.Count);
        _sigmas = new double[space.Count];
        for (var d = 0; d < space.Count; d++)
        {
            var (low, high) = Bounds(space[d]);
            var range = high - low;
            var sigma = SigmaMagnitude * Math.Pow(n, -1.0 / (space.Count + 4)) * range;
            _sigmas[d] = Math.Clamp(sigma, range / Math.Min(100.0, 1.0 + n), range);
        }
    }

    /// <summary>The internal bounds of a numeric parameter (the index range of a choice).</summary>
    public static (double Low, double High) Bounds(ParameterConfig p) => p.Kind switch
    {
        DistributionKind.LogUniform => (Math.Log(p.Low), Math.Log(p.High)),
        DistributionKind.Int => (p.Low - (p.Step / 2.0), p.High + (p.Step / 2.0)),
        DistributionKind.Choice => (0, p.Values.Count),
        _ => (p.Low, p.High),
    };

    /// <summary>A point's internal coordinates, or null when a value lies outside the space.</summary>
    public static double[]? Encode(IReadOnlyList<ParameterConfig> space, IReadOnlyDictionary<string, JsonElement> point)
    {
        var x = new double[space.Count];
        for (var d = 0; d < space.Count; d++)
        {
            var p = space[d];
            if (!point.TryGetValue(p.Name, out var value))
            {
                return null;
            }

            if (p.Kind == DistributionKind.Choice)
            {
                var raw = TrialKeyValue(value);
                var index = p.Values.Select(TrialKeyValue).ToList().IndexOf(raw);
                if (index < 0)
                {
                    return null;
                }

                x[d] = index;
                continue;
            }

            if (value.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            var v = value.GetDouble();
            if (v < p.Low || v > p.High)
            {
                return null;
            }

            x[d] = p.Kind == DistributionKind.LogUniform ? Math.Log(v) : v;
        }

        return x;
    }

    /// <summary>The point (parameter name → JSON scalar, space order) of internal coordinates <paramref name="x"/>.</summary>
    public static Dictionary<string, JsonElement> Decode(IReadOnlyList<ParameterConfig> space, double[] x)
    {
        var point = new Dictionary<string, JsonElement>();
        for (var d = 0; d < space.Count; d++)
        {
            var p = space[d];
            point[p.Name] = p.Kind switch
            {
                DistributionKind.Choice => p.Values[(int)x[d]],
                DistributionKind.Int => ParameterConfig.Number(Math.Clamp(p.Low + (p.Step * Math.Round((x[d] - p.Low) / p.Step)), p.Low, p.High)),
                DistributionKind.LogUniform => ParameterConfig.Number(Math.Clamp(Round(Math.Exp(x[d])), p.Low, p.High)),
                _ => ParameterConfig.Number(Math.Clamp(Round(x[d]), p.Low, p.High)),
            };
        }

        return point;
    }

    /// <summary>A draw from the prior (uniform over the space, in internal coordinates).</summary>
    public static double[] SamplePrior(IReadOnlyList<ParameterConfig> space, SplitMix64 rng)
    {
        var x = new double[space.Count];
        for (var d = 0; d < space.Count; d++)
        {
            var p = space[d];
            x[d] = p.Kind switch
            {
                DistributionKind.Choice => rng.Next(p.Values.Count),
                DistributionKind.Int => p.Low + (p.Step * rng.Next((int)((p.High - p.Low) / p.Step) + 1)),
                _ => Lerp(Bounds(p), rng.NextDouble()),
            };
        }

        return x;
    }

    /// <summary>A draw from the mixture: a component (the prior or an observation's kernel), then each coordinate.</summary>
    public double[] Sample(SplitMix64 rng)
    {
        var total = _priorWeight + _centres.Count;
        var pick = rng.NextDouble() * total;
        if (pick < _priorWeight || _centres.Count == 0)
        {
            return SamplePrior(_space, rng);
        }

        var centre = _centres[Math.Min(_centres.Count - 1, (int)(pick - _priorWeight))];
        var x = new double[_space.Count];
        for (var d = 0; d < _space.Count; d++)
        {
            var p = _space[d];
            if (p.Kind == DistributionKind.Choice)
            {
                // the observed value with probability (1 + 1/K) / 2, else uniform
                x[d] = rng.NextDouble() < 0.5 ? centre[d] : rng.Next(p.Values.Count);
                continue;
            }

            var (low, high) = Bounds(p);
            var v = centre[d];
            for (var attempt = 0; attempt < 100; attempt++)
            {
                v = centre[d] + (_sigmas[d] * rng.NextGaussian());
                if (v >= low && v <= high)
                {
                    break;
                }
            }

            x[d] = Math.Clamp(v, low, high);
        }

        return x;
    }

    /// <summary>The log density of the mixture at <paramref name="x"/>.</summary>
    public double LogDensity(double[] x)
    {
        var terms = new List<double>(_centres.Count + 1) { Math.Log(_priorWeight) + LogPrior(x) };
        foreach (var centre in _centres)
        {
            var sum = 0.0;
            for (var d = 0; d < _space.Count; d++)
            {
                var p = _space[d];
                if (p.Kind == DistributionKind.Choice)
                {
                    var k = p.Values.Count;
                    sum += Math.Log((x[d] == centre[d] ? 0.5 : 0) + (0.5 / k));
                    continue;
                }

                var (low, high) = Bounds(p);
                sum += LogTruncatedNormal(x[d], centre[d], _sigmas[d], low, high);
            }

            terms.Add(sum);
        }

        var max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max))) - Math.Log(_priorWeight + _centres.Count);
    }

    private double LogPrior(double[] x)
    {
        var sum = 0.0;
        for (var d = 0; d < _space.Count; d++)
        {
            var (low, high) = Bounds(_space[d]);
            sum -= Math.Log(_space[d].Kind == DistributionKind.Choice ? _space[d].Values.Count : high - low);
        }

        return sum;
    }

    private static double LogTruncatedNormal(double x, double mu, double sigma, double low, double high)
    {
        var z = (x - mu) / sigma;
        var mass = NormalCdf((high - mu) / sigma) - NormalCdf((low - mu) / sigma);
        return (-0.5 * z * z) - Math.Log(sigma * Math.Sqrt(2 * Math.PI)) - Math.Log(Math.Max(mass, 1e-300));
    }

    /// <summary>Φ(z) by the Abramowitz–Stegun 7.1.26 approximation of erf (absolute error below 1.5e-7).</summary>
    public static double NormalCdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erf = 1 - (poly * Math.Exp(-x * x));
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    private static double Lerp((double Low, double High) b, double u) => b.Low + (u * (b.High - b.Low));

    // six significant digits, as the random planner writes them: readable in tables, dense enough for any search
    private static double Round(double value) => double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string TrialKeyValue(JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble().ToString("R", CultureInfo.InvariantCulture) : e.GetRawText();
}
