using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Schedulers;

/// <summary>
/// Median stopping rule: at time t ≥ grace, a trial whose best value so far is worse than the median of the other trials'
/// running averages (the mean of their values reported at or before t) is stopped, provided at least min_trials other trials
/// have reported by t.
/// </summary>
internal sealed class MedianScheduler(SchedulerSettings settings, ObjectiveMode mode) : ISweepPolicy
{
    private readonly Dictionary<string, List<(double Time, double Score)>> _history = [];

    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Handle(SweepEvent e)
    {
        if (e is not MetricReported { Value: { } value } report || double.IsNaN(value))
        {
            return [];
        }

        var score = mode == ObjectiveMode.Max ? value : -value;
        if (!_history.TryGetValue(report.TrialId, out var mine))
        {
            _history[report.TrialId] = mine = [];
        }

        mine.Add((report.Time, score));
        if (report.Time < settings.Grace)
        {
            return [];
        }

        var averages = new List<double>();
        foreach (var (trial, points) in _history)
        {
            if (trial == report.TrialId)
            {
                continue;
            }

            var upTo = points.Where(p => p.Time <= report.Time).Select(p => p.Score).ToList();
            if (upTo.Count > 0)
            {
                averages.Add(upTo.Average());
            }
        }

        if (averages.Count < Math.Max(1, settings.MinTrials))
        {
            return [];
        }

        averages.Sort();
        var mid = averages.Count / 2;
        var median = averages.Count % 2 == 1 ? averages[mid] : (averages[mid - 1] + averages[mid]) / 2;
        var best = mine.Max(p => p.Score);
        return best < median ? [new StopTrial(report.TrialId, $"median: best {Show(best)} worse than median {Show(median)}")] : [];
    }

    private string Show(double score) => (mode == ObjectiveMode.Max ? score : -score).ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
