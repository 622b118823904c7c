using System.Text;
using SweepCluster.Coordinator.Api;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Api;

public sealed class QueueDemandMetricTests
{
    private static SweepSummary Sweep(string id, params (string State, int N)[] trials) =>
        new() { Id = id, State = "running", Trials = trials.ToDictionary(t => t.State, t => t.N) };

    [Fact]
    public void Demand_SeveralSweeps_SumsPendingLeasedRunningOnly()
    {
        var sweeps = new[]
        {
            Sweep("a", ("pending", 4), ("leased", 1), ("running", 2), ("completed", 9)),
            Sweep("b", ("running", 3), ("stopped", 5), ("failed", 1), ("dead", 1), ("cancelled", 2)),
        };

        Assert.Equal(10, QueueDemandMetric.Demand(sweeps));
    }

    [Fact]
    public void Append_NoSweeps_OneZeroSampleWithoutLabels()
    {
        var sb = new StringBuilder();

        QueueDemandMetric.Append(sb, []);

        var lines = sb.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"# TYPE {QueueDemandMetric.Name} gauge", lines[1]);
        Assert.Equal($"{QueueDemandMetric.Name} 0", lines[2]);
    }

    [Fact]
    public async Task MetricsEndpoint_KnownSweep_ExportsDemand()
    {
        await using var api = await ApiFixture.StartAsync();

        using var res = await api.Client.SendAsync(ApiFixture.Get("metrics"));
        var text = await res.Content.ReadAsStringAsync();

        // the fake's one sweep has 4 pending and 2 running trials
        Assert.Contains($"\n{QueueDemandMetric.Name} 6\n", text, StringComparison.Ordinal);
    }
}
