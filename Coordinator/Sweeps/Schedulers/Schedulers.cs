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
        SchedulerKind.Hyperband => new HyperbandScheduler(settings, mode),
        _ => new FifoScheduler(),
    };

    /// <summary>
    /// A fresh scheduler that may need the swept space and a seed (PBT); the others are as <see cref="Create(SchedulerSettings, ObjectiveMode)"/>.
    /// </summary>
    public static ISweepPolicy Create(SchedulerSettings settings, ObjectiveMode mode, IReadOnlyList<Config.ParameterConfig> space, long seed) =>
        settings.Kind == SchedulerKind.Pbt ? new PbtScheduler(settings.Pbt, space, mode, seed) : Create(settings, mode);

    /// <summary>A scheduler restored from its <see cref="ISchedulerState.SaveState"/> (schedulers without saved state start fresh).</summary>
    public static ISweepPolicy Restore(SchedulerSettings settings, ObjectiveMode mode, IReadOnlyList<Config.ParameterConfig> space, long seed, string? state) =>
        (settings.Kind, state) switch
        {
            (SchedulerKind.Pbt, not null) => PbtScheduler.Restore(settings.Pbt, space, mode, state),
            (SchedulerKind.Hyperband, not null) => HyperbandScheduler.Restore(settings, mode, state),
            _ => Create(settings, mode, space, seed),
        };

    /// <summary>The time of <paramref name="report"/>, the <paramref name="evaluation"/>-th report (1-based) of its trial.</summary>
    public static double TimeOf(TimeAttr attr, MetricReport report, int evaluation) => attr switch
    {
        TimeAttr.Step => report.Step,
        TimeAttr.Epoch => report.Values.TryGetValue("epoch", out var epoch) ? epoch : evaluation,
        _ => evaluation,
    };
}
