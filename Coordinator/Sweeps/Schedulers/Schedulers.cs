using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Schedulers;

/// <summary>Builds schedulers from settings, and computes a report's scheduler time.</summary>
internal static class Schedulers
{
    /// <summary>A fresh scheduler for <paramref name="settings"/>.</summary>
    public static ISweepPolicy Create(SchedulerSettings settings, ObjectiveMode mode) => settings.Kind switch
    {
        SchedulerKind.Asha => new AshaScheduler(settings, mode),
        SchedulerKind.Median => new MedianScheduler(settings, mode),
        _ => new FifoScheduler(),
    };

    /// <summary>The time of <paramref name="report"/>, the <paramref name="evaluation"/>-th report (1-based) of its trial.</summary>
    public static double TimeOf(TimeAttr attr, MetricReport report, int evaluation) => attr switch
    {
        TimeAttr.Step => report.Step,
        TimeAttr.Epoch => report.Values.TryGetValue("epoch", out var epoch) ? epoch : evaluation,
        _ => evaluation,
    };
}
