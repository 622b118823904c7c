using System.Globalization;
using System.Text;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Api;

/// <summary>
/// The gauge worker autoscalers size the GpuWorker pool on (<c>k8s/overlays/keda</c>, <c>k8s/overlays/hpa</c>): trials that
/// want a slot now or hold one (pending + leased + running) over every sweep, as one unlabelled sample, because KEDA's
/// metrics-api trigger reads a single sample and the autoscaler divides it by the slots per worker.
/// </summary>
internal static class QueueDemandMetric
{
    /// <summary>The exported name.</summary>
    public const string Name = "sweepcluster_trials_demand";

    /// <summary>The trial states (keys of <see cref="SweepSummary.Trials"/>) counted as demand.</summary>
    public static readonly IReadOnlyList<string> States = ["pending", "leased", "running"];

    /// <summary>Pending + leased + running trials over <paramref name="sweeps"/>.</summary>
    public static long Demand(IEnumerable<SweepSummary> sweeps) =>
        sweeps.Sum(s => States.Sum(state => (long)s.Trials.GetValueOrDefault(state)));

    /// <summary>Appends the gauge (HELP, TYPE, one sample) in Prometheus text format.</summary>
    public static void Append(StringBuilder sb, IEnumerable<SweepSummary> sweeps) =>
        sb.Append(CultureInfo.InvariantCulture,
            $"# HELP {Name} Pending, leased and running trials over all sweeps (what worker autoscaling follows).\n# TYPE {Name} gauge\n{Name} {Demand(sweeps)}\n");
}
