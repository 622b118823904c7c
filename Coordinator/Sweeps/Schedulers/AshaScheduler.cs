using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Schedulers;

/// <summary>
/// Asynchronous successive halving. Rungs sit at grace × η^k (k = 0, 1, ...) below max_t. The first report of a trial at
/// or past a rung it has not yet been recorded at (the highest such rung) records its value there; with n values at that
/// rung (its own included) it continues only if it ranks within the best max(1, ⌊n/η⌋), otherwise it is stopped. The
/// decision is the answer to that report. Trials that reach a rung early are never revisited.
/// </summary>
internal sealed class AshaScheduler : ISweepPolicy
{
    private const int MaxRungs = 32;
    private readonly ObjectiveMode _mode;
    private readonly double _eta;
    private readonly List<Rung> _rungs = [];

    /// <summary>An ASHA scheduler with <paramref name="settings"/>; <paramref name="mode"/> says which direction is better.</summary>
    public AshaScheduler(SchedulerSettings settings, ObjectiveMode mode)
    {
        if (settings.Grace <= 0 || settings.ReductionFactor <= 1)
        {
            throw new ArgumentException("asha needs grace > 0 and reduction_factor > 1");
        }

        _mode = mode;
        _eta = settings.ReductionFactor;
        for (var milestone = settings.Grace; milestone < settings.MaxT && _rungs.Count < MaxRungs; milestone *= _eta)
        {
            _rungs.Add(new Rung(milestone));
        }
    }

    /// <summary>The rung milestones, lowest first.</summary>
    public IReadOnlyList<double> Milestones => [.. _rungs.Select(r => r.Milestone)];

    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Handle(SweepEvent e)
    {
        if (e is not MetricReported { Value: { } value } report || double.IsNaN(value))
        {
            return [];
        }

        var score = _mode == ObjectiveMode.Max ? value : -value;
        for (var i = _rungs.Count - 1; i >= 0; i--)
        {
            var rung = _rungs[i];
            if (report.Time < rung.Milestone || rung.Scores.ContainsKey(report.TrialId))
            {
                continue;
            }

            rung.Scores[report.TrialId] = score;
            var keep = Math.Max(1, (int)Math.Floor(rung.Scores.Count / _eta));
            var better = rung.Scores.Values.Count(s => s > score);
            return better < keep
                ? []
                : [new StopTrial(report.TrialId, $"asha: not in the top {keep} of {rung.Scores.Count} at rung {rung.Milestone}")];
        }

        return [];
    }

    private sealed class Rung(double milestone)
    {
        public double Milestone { get; } = milestone;

        public Dictionary<string, double> Scores { get; } = [];
    }
}
