using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Constraints;

namespace SweepCluster.Coordinator.Sweeps.Planning;

/// <summary>Expands a sweep's space into trials: the grid's cartesian product, or seeded random draws.</summary>
internal static class SweepPlanner
{
    /// <summary>Draw attempts per requested sample before a random search gives up on filling it.</summary>
    public const int DrawsPerSample = 100;

    /// <summary>
    /// Plans <paramref name="sweep"/>; a plan larger than <c>search.max_points</c> is refused before anything is expanded,
    /// and a constraint that fails to evaluate throws <see cref="ConfigException"/>.
    /// </summary>
    public static SweepPlan Plan(SweepConfig sweep)
    {
        var max = sweep.Search.MaxPoints;
        if (sweep.Search.Algorithm != SearchAlgorithm.Grid && sweep.Search.Samples > max)
        {
            throw new ConfigException($"sweep.search.samples: {sweep.Search.Samples} samples, more than search.max_points = {max}; raise it if you mean it");
        }

        return sweep.Search.Algorithm == SearchAlgorithm.Grid ? PlanGrid(sweep) : PlanRandom(sweep);
    }

    /// <summary>Points of the grid of <paramref name="sweep"/> (saturating at <see cref="long.MaxValue"/>), without expanding it.</summary>
    public static long GridSize(SweepConfig sweep) =>
        sweep.Space.Select(p => p.CountValues()).Aggregate(1L, (n, c) => c == 0 ? 0 : n > long.MaxValue / c ? long.MaxValue : n * c);

    private static SweepPlan PlanGrid(SweepConfig sweep)
    {
        var size = GridSize(sweep);
        if (size > sweep.Search.MaxPoints)
        {
            var points = size == long.MaxValue ? $"more than {long.MaxValue}" : size.ToString(CultureInfo.InvariantCulture);
            throw new ConfigException(
                $"sweep.space: the grid has {points} points, more than search.max_points = {sweep.Search.MaxPoints}; use search.algorithm = random or raise search.max_points");
        }

        var axes = sweep.Space.Select(p => p.Enumerate()).ToList();

        var removed = new int[sweep.Constraints.Count];
        var trials = new List<PlannedTrial>();
        var indices = new int[axes.Count];
        for (long n = 0; n < size; n++)
        {
            var point = new OrderedDictionary<string, JsonElement>();
            for (var i = 0; i < axes.Count; i++)
            {
                point[sweep.Space[i].Name] = axes[i][indices[i]];
            }

            var violated = FirstViolated(sweep.Constraints, point);
            if (violated >= 0)
            {
                removed[violated]++;
            }
            else
            {
                trials.Add(new PlannedTrial(trials.Count, TrialKey.Of(point), point));
            }

            // odometer: the last parameter varies fastest, so the order reads like nested loops in file order
            for (var i = axes.Count - 1; i >= 0; i--)
            {
                if (++indices[i] < axes[i].Count)
                {
                    break;
                }

                indices[i] = 0;
            }
        }

        return new SweepPlan(trials, Counts(sweep, removed)) { Candidates = (int)size };
    }

    private static SweepPlan PlanRandom(SweepConfig sweep)
    {
        var random = new Random(unchecked((int)sweep.Search.Seed ^ (int)(sweep.Search.Seed >> 32)));
        var removed = new int[sweep.Constraints.Count];
        var trials = new List<PlannedTrial>();
        var keys = new HashSet<string>();
        var draws = 0;
        var duplicates = 0;
        var cap = (long)sweep.Search.Samples * DrawsPerSample;
        while (trials.Count < sweep.Search.Samples && draws < cap)
        {
            draws++;
            var point = new OrderedDictionary<string, JsonElement>();
            foreach (var parameter in sweep.Space)
            {
                point[parameter.Name] = Draw(parameter, random);
            }

            var violated = FirstViolated(sweep.Constraints, point);
            if (violated >= 0)
            {
                removed[violated]++;
                continue;
            }

            var key = TrialKey.Of(point);
            if (!keys.Add(key))
            {
                duplicates++;
                continue;
            }

            trials.Add(new PlannedTrial(trials.Count, key, point));
        }

        return new SweepPlan(trials, Counts(sweep, removed)) { Candidates = draws, Duplicates = duplicates };
    }

    private static JsonElement Draw(ParameterConfig p, Random random)
    {
        switch (p.Kind)
        {
            case DistributionKind.Choice:
                return p.Values[random.Next(p.Values.Count)];
            case DistributionKind.Int:
                var steps = (long)((p.High - p.Low) / p.Step);
                return ParameterConfig.Number(p.Low + (p.Step * random.NextInt64(steps + 1)));
            case DistributionKind.Uniform:
                return ParameterConfig.Number(Round(p.Low + (random.NextDouble() * (p.High - p.Low))));
            default:
                var (lo, hi) = (Math.Log(p.Low), Math.Log(p.High));
                return ParameterConfig.Number(Round(Math.Exp(lo + (random.NextDouble() * (hi - lo)))));
        }
    }

    // six significant digits: readable in tables and logs, and still dense enough for any learning-rate search
    private static double Round(double value) => double.Parse(value.ToString("G6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int FirstViolated(IReadOnlyList<Constraint> constraints, IReadOnlyDictionary<string, JsonElement> point)
    {
        for (var i = 0; i < constraints.Count; i++)
        {
            try
            {
                if (!constraints[i].IsSatisfiedBy(point))
                {
                    return i;
                }
            }
            catch (ConstraintException e)
            {
                var values = string.Join(", ", point.Select(p => $"{p.Key}={p.Value}"));
                throw new ConfigException($"sweep.constraints[{i}]: {e.Message} in \"{constraints[i].Text}\" (at {values})");
            }
        }

        return -1;
    }

    private static List<ConstraintCount> Counts(SweepConfig sweep, int[] removed) =>
        [.. sweep.Constraints.Select((c, i) => new ConstraintCount(c.Text, removed[i]))];
}
