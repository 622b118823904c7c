using System.Globalization;

namespace SweepCluster.DispatchBench;

/// <summary>Request latencies (milliseconds) of one worker or, merged, of all.</summary>
internal sealed class Latencies(int capacity)
{
    public List<double> Lease { get; } = new(capacity);

    public List<double> Report { get; } = new(capacity);

    public List<double> Complete { get; } = new(capacity);

    public static Latencies Merge(IEnumerable<Latencies> parts)
    {
        var all = new Latencies(0);
        foreach (var p in parts)
        {
            all.Lease.AddRange(p.Lease);
            all.Report.AddRange(p.Report);
            all.Complete.AddRange(p.Complete);
        }

        return all;
    }

    /// <summary>The figures printed; throws when the number of reports is not <paramref name="trials"/>.</summary>
    public string Summary(int trials)
    {
        if (Report.Count != trials)
        {
            throw new InvalidOperationException($"expected {trials} reports, got {Report.Count}");
        }

        double[] r = [.. Report.Order()], l = [.. Lease.Order()], c = [.. Complete.Order()];
        return string.Create(CultureInfo.InvariantCulture,
            $"report p50={Percentile(r, 0.50):0.00}ms p99={Percentile(r, 0.99):0.00}ms lease p50={Percentile(l, 0.50):0.00}ms complete p50={Percentile(c, 0.50):0.00}ms p99={Percentile(c, 0.99):0.00}ms");
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
