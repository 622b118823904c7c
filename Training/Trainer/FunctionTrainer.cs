using System.Globalization;
using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Common;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Task <c>function</c>: evaluates a standard test objective (<see cref="TestFunctions"/>) at the point x1..xN of the
/// trial's settings, in milliseconds, so search methods can be compared over many seeds. Settings: <c>function</c>
/// (branin | hartmann6 | rosenbrock), <c>dimensions</c> (rosenbrock only, default 2), <c>x1</c>..<c>xN</c> (default: the
/// domain's centre), <c>steps</c> (default 1) and <c>noise</c> (default 0). Each step reports <c>value</c> (f(x) plus
/// Gaussian noise of standard deviation noise/√step: the multi-fidelity variant, whose noise shrinks as steps grow),
/// <c>regret</c> (value − the global minimum) and <c>val_loss</c> (= value).
/// </summary>
internal sealed class FunctionTrainer : ITrainer
{
    /// <summary>Most inputs a Rosenbrock trial may have.</summary>
    public const int MaxDimensions = 64;

    /// <summary>Errors of a function trial's settings.</summary>
    public static IReadOnlyList<string> Validate(JsonElement settings) => Read(settings, out _);

    /// <summary>The noiseless value at step <paramref name="step"/> plus its noise, for the settings read by <see cref="Validate"/>.</summary>
    public static double ValueAt(FunctionSettings s, long step, Xoshiro256 rng) =>
        TestFunctions.Evaluate(s.Function, s.X) + (s.Noise > 0 ? s.Noise * rng.NextGaussian() / Math.Sqrt(step) : 0);

    /// <inheritdoc/>
    public async Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct)
    {
        IReadOnlyList<string> errors = Read(spec.Settings, out FunctionSettings? s);
        if (errors.Count > 0 || s is null)
        {
            return new TrialResult(TrialOutcome.Failed, null, string.Join("; ", errors));
        }

        var rng = new Xoshiro256(unchecked((ulong)s.Seed));
        double minimum = TestFunctions.Minimum(s.Function);
        MetricReport? last = null;
        for (long step = 1; step <= s.Steps; step++)
        {
            if (ct.IsCancellationRequested)
            {
                return new TrialResult(TrialOutcome.Cancelled, last);
            }

            double value = ValueAt(s, step, rng);
            last = new MetricReport(step, new Dictionary<string, double>
            {
                ["step"] = step,
                ["value"] = value,
                ["regret"] = value - minimum,
                ["val_loss"] = value,
            });
            if (await reporter.ReportAsync(last, ct).ConfigureAwait(false) == TrialDecision.Stop)
            {
                return new TrialResult(TrialOutcome.Stopped, last);
            }
        }

        return new TrialResult(TrialOutcome.Completed, last);
    }

    /// <summary>Reads and validates the settings; <paramref name="settings"/> is null when there are errors.</summary>
    public static IReadOnlyList<string> Read(JsonElement json, out FunctionSettings? settings)
    {
        var errors = new List<string>();
        var r = new SettingsReader(json, "trial", errors);
        r.Allow("task", "objective", "checkpoint_dir", "threads");
        string function = r.String("function", "", TestFunctions.Names);
        if (function.Length == 0 && errors.Count == 0)
        {
            r.Error("function", $"required, one of {string.Join(" | ", TestFunctions.Names)}");
        }

        int dims = TestFunctions.Dimensions(function) ?? r.Int("dimensions", 2, 2, MaxDimensions);
        var x = new double[dims];
        for (int i = 0; i < dims; i++)
        {
            string key = string.Create(CultureInfo.InvariantCulture, $"x{i + 1}");
            (double low, double high) = function.Length == 0 ? (0, 1) : TestFunctions.Domain(function, i);
            x[i] = r.Double(key, (low + high) / 2, low, high);
        }

        long steps = r.Int("steps", 1, 1, 1_000_000);
        double noise = r.Double("noise", 0, 0);
        long seed = r.Long("seed", 0);
        r.RejectUnknown();
        settings = errors.Count == 0 ? new FunctionSettings(function, x, steps, noise, seed) : null;
        return errors;
    }
}

/// <summary>A function trial's settings.</summary>
/// <param name="Function">branin | hartmann6 | rosenbrock.</param>
/// <param name="X">The point, x1 first.</param>
/// <param name="Steps">How many reports (fidelities 1..steps).</param>
/// <param name="Noise">Standard deviation of the noise at step 1; it shrinks as 1/√step.</param>
/// <param name="Seed">Seed of the noise.</param>
internal sealed record FunctionSettings(string Function, IReadOnlyList<double> X, long Steps, double Noise, long Seed);
