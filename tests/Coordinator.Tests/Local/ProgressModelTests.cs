using System.Text.Json;
using SweepCluster.Coordinator.Local;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Local;

public sealed class ProgressModelTests
{
    private static TrialRecord Trial(int i, TrialStatus status, double? best = null, int failures = 0) => new()
    {
        Id = $"s.{i}", SweepId = "s", Index = i, Key = $"k{i}", Parameters = $"{{\"lr\":{i}}}", Status = status, BestValue = best, Failures = failures,
    };

    private static ProgressModel Model(int doneAtStart = 0)
    {
        var trials = new[] { Trial(0, TrialStatus.Completed, 0.4), Trial(1, TrialStatus.Stopped, 0.9), Trial(2, TrialStatus.Running, 0.5, failures: 1), Trial(3, TrialStatus.Pending) };
        var latest = new Dictionary<string, MetricReport> { ["s.2"] = new(96, new Dictionary<string, double> { ["val_loss"] = 0.5, ["epoch"] = 3 }) };
        var sweep = new SweepRecord { Id = "s", Name = "n", Definition = "{}" };
        var snapshot = new SweepSnapshot(sweep, trials, latest, Planned: 6);
        return new ProgressModel(snapshot, TimeSpan.FromMinutes(4), new ObjectiveSpec("val_loss", ObjectiveMode.Min), JsonSerializer.SerializeToElement(new { epochs = 12 })) { DoneAtStart = doneAtStart };
    }

    [Fact]
    public void Totals_MixedStatuses_CountsAndEta()
    {
        var m = Model();
        Assert.Equal((2, 1, 3), (m.Done, m.Running, m.Pending));
        Assert.Equal(TimeSpan.FromMinutes(8), m.Eta);
        Assert.Contains("done 2/6 (completed 1, stopped 1, dead 0) | running 1 | pending 3 | failed attempts 1", m.Totals);
        Assert.StartsWith("val_loss 0.4 (k0 lr=0)", m.Best);
    }

    [Fact]
    public void Eta_ResumedWithOneDoneBefore_UsesThisRunsPace()
    {
        Assert.Equal(TimeSpan.FromMinutes(16), Model(doneAtStart: 1).Eta);
        Assert.Null(Model(doneAtStart: 2).Eta);
    }

    [Fact]
    public void Fraction_EpochsSetting_LatestEpochOverEpochs()
    {
        var m = Model();
        Assert.Equal(0.25, m.Fraction(m.Snapshot.Trials[2]));
        Assert.Equal(0, m.Fraction(m.Snapshot.Trials[3]));
        Assert.Equal("val_loss 0.5 @ step 96", m.Latest(m.Snapshot.Trials[2]));
    }
}
