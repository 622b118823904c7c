using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Schedulers;

public sealed class PbtSchedulerTests
{
    private static readonly List<ParameterConfig> Space =
    [
        new("lr", DistributionKind.LogUniform) { Low = 1e-4, High = 1 },
        new("optimizer", DistributionKind.Choice) { Values = [JsonSerializer.SerializeToElement("adamw"), JsonSerializer.SerializeToElement("sgd")] },
    ];

    private static readonly PbtSettings NoResample = new() { ResampleProbability = 0 };

    private static PbtScheduler Population(PbtSettings settings, params double[] rates)
    {
        var s = new PbtScheduler(settings, Space, ObjectiveMode.Min, 11);
        for (var i = 0; i < rates.Length; i++)
        {
            var point = new Dictionary<string, JsonElement> { ["lr"] = ParameterConfig.Number(rates[i]), ["optimizer"] = JsonSerializer.SerializeToElement("adamw") };
            s.Handle(new TrialCreated($"m{i}", new PlannedTrial(i, $"k{i}", point)));
        }

        return s;
    }

    private static List<ExploitTrial> Report(ISweepPolicy s, string id, double time, double value) =>
        [.. s.Handle(new MetricReported(id, time, value)).OfType<ExploitTrial>()];

    [Fact]
    public void Handle_BottomTrialAtInterval_ExploitsTheTopTrialAndPerturbsItsRate()
    {
        var s = Population(NoResample, 0.1, 0.01, 0.001, 0.5);
        Assert.Empty(Report(s, "m0", 4, 1.0));
        Assert.Empty(Report(s, "m1", 4, 2.0));
        Assert.Empty(Report(s, "m2", 4, 3.0));
        var exploit = Assert.Single(Report(s, "m3", 4, 4.0));
        Assert.Equal(("m3", "m0", 4.0, 4.0), (exploit.TrialId, exploit.SourceTrialId, exploit.SourceTime, exploit.Time));
        Assert.Contains(exploit.Parameters["lr"].GetDouble(), new[] { 0.08, 0.12 });
        Assert.Contains(exploit.Parameters["optimizer"].GetString(), new[] { "adamw", "sgd" }); // a choice moves to a neighbour (or stays at the end)
        var change = Assert.Single(exploit.Changes, c => c.Key == "lr");
        Assert.Equal(0.1, change.From.GetDouble());
        Assert.Equal(exploit.Parameters, s.ParametersOf("m3"));
        Assert.Equal(exploit, Assert.Single(s.Lineage));
    }

    [Fact]
    public void Handle_BeforeTheInterval_NoExploit()
    {
        var s = Population(NoResample, 0.1, 0.01, 0.001, 0.5);
        foreach (var (id, v) in new[] { ("m0", 1.0), ("m1", 2.0), ("m2", 3.0) })
        {
            Report(s, id, 3, v);
        }

        Assert.Empty(Report(s, "m3", 3, 4.0));
    }

    [Fact]
    public void Handle_TopTrial_KeepsItsSettings()
    {
        var s = Population(NoResample, 0.1, 0.01, 0.001, 0.5);
        Report(s, "m1", 4, 2.0);
        Report(s, "m2", 4, 3.0);
        Report(s, "m3", 4, 4.0);
        Assert.Empty(Report(s, "m0", 4, 1.0));
    }

    [Fact]
    public void Handle_AfterAnExploit_WaitsAnotherInterval()
    {
        var s = Population(NoResample, 0.1, 0.01, 0.001, 0.5);
        Report(s, "m0", 4, 1.0);
        Report(s, "m1", 4, 2.0);
        Report(s, "m2", 4, 3.0);
        Assert.Single(Report(s, "m3", 4, 4.0));
        Assert.Empty(Report(s, "m3", 6, 9.0));
        Assert.Single(Report(s, "m3", 8, 9.0));
    }

    [Fact]
    public void Handle_ResampleKey_DrawsFromTheDistribution()
    {
        var settings = NoResample with { Explore = new Dictionary<string, PbtExplore> { ["lr"] = PbtExplore.Resample } };
        var s = Population(settings, 0.1, 0.01, 0.001, 0.5);
        Report(s, "m0", 4, 1.0);
        Report(s, "m1", 4, 2.0);
        Report(s, "m2", 4, 3.0);
        var lr = Assert.Single(Report(s, "m3", 4, 4.0)).Parameters["lr"].GetDouble();
        Assert.InRange(lr, 1e-4, 1);
        Assert.DoesNotContain(lr, new[] { 0.08, 0.12 });
    }

    [Fact]
    public void Handle_ModeMax_HighValuesAreTop()
    {
        var s = new PbtScheduler(NoResample, Space, ObjectiveMode.Max, 1);
        for (var i = 0; i < 4; i++)
        {
            s.Handle(new TrialCreated($"m{i}", new PlannedTrial(i, $"k{i}", new Dictionary<string, JsonElement> { ["lr"] = ParameterConfig.Number(0.1 * (i + 1)) })));
        }

        Report(s, "m0", 4, 4.0);
        Report(s, "m1", 4, 3.0);
        Report(s, "m2", 4, 2.0);
        Assert.Equal("m0", Assert.Single(Report(s, "m3", 4, 1.0)).SourceTrialId);
    }

    [Fact]
    public void SaveState_RestoredAfterEveryEvent_SameExploits()
    {
        var a = Population(new PbtSettings(), 0.1, 0.01, 0.001, 0.5, 0.2, 0.05, 0.3, 0.002);
        var b = Population(new PbtSettings(), 0.1, 0.01, 0.001, 0.5, 0.2, 0.05, 0.3, 0.002);
        var fromA = new List<ExploitTrial>();
        var fromB = new List<ExploitTrial>();
        for (var t = 1; t <= 20; t++)
        {
            for (var i = 0; i < 8; i++)
            {
                var value = ((i * 37) + (t * 11)) % 17;
                fromA.AddRange(Report(a, $"m{i}", t, value));
                fromB.AddRange(Report(b, $"m{i}", t, value));
                b = PbtScheduler.Restore(new PbtSettings(), Space, ObjectiveMode.Min, b.SaveState());
            }
        }

        Assert.NotEmpty(fromA);
        Assert.Equal(fromA.Select(x => (x.TrialId, x.SourceTrialId, x.Time, x.Parameters["lr"].GetDouble())), fromB.Select(x => (x.TrialId, x.SourceTrialId, x.Time, x.Parameters["lr"].GetDouble())));
        Assert.Equal(fromA.Count, b.Lineage.Count);
    }
}
