using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Schedulers;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Schedulers;

public sealed class HyperbandSchedulerTests
{
    private static readonly SchedulerSettings Settings = new() { Kind = SchedulerKind.Hyperband, Grace = 1, ReductionFactor = 3, MaxT = 27 };

    private static TrialCreated Created(string id) => new(id, new PlannedTrial(0, id, new Dictionary<string, JsonElement>()));

    private static bool Stops(ISweepPolicy s, string trial, double time, double value) =>
        s.Handle(new MetricReported(trial, time, value)).OfType<StopTrial>().Any(a => a.TrialId == trial);

    [Fact]
    public void Milestones_MinT1MaxT27Eta3_FourBracketsStartingAtMinTTimesEtaToTheB()
    {
        var s = new HyperbandScheduler(Settings, ObjectiveMode.Min);
        Assert.Equal(4, s.Brackets);
        Assert.Equal([1.0, 3.0, 9.0], s.Milestones(0));
        Assert.Equal([3.0, 9.0], s.Milestones(1));
        Assert.Equal([9.0], s.Milestones(2));
        Assert.Empty(s.Milestones(3));
    }

    [Fact]
    public void Handle_49Trials_BracketsInHyperbandProportions()
    {
        var s = new HyperbandScheduler(Settings, ObjectiveMode.Min);
        var brackets = Enumerable.Range(0, 49).Select(i => Assert.IsType<AssignBracket>(Assert.Single(s.Handle(Created($"t{i}")))).Bracket).ToList();
        Assert.Equal([27, 12, 6, 4], Enumerable.Range(0, 4).Select(b => brackets.Count(x => x == b)));
        Assert.Equal(brackets[5], s.BracketOf("t5"));
    }

    [Fact]
    public void Handle_OneBracket_PromotesTheTopThirdAsAsha()
    {
        var s = new HyperbandScheduler(Settings with { MaxT = 2 }, ObjectiveMode.Min);
        Assert.Equal(1, s.Brackets);
        Assert.False(Stops(s, "a", 1, 0.5)); // n=1 keep 1
        Assert.True(Stops(s, "b", 1, 0.6));  // n=2 keep 1: a is better
        Assert.False(Stops(s, "c", 1, 0.4)); // n=3 keep 1: c best
        Assert.True(Stops(s, "d", 1, 0.45)); // n=4 keep 1
    }

    [Fact]
    public void Handle_TrialInALaterBracket_NotJudgedBeforeItsGrace()
    {
        var s = new HyperbandScheduler(Settings, ObjectiveMode.Min);
        s.Handle(Created("first"));          // bracket 0
        var late = Assert.IsType<AssignBracket>(Assert.Single(s.Handle(Created("second"))));
        Assert.Equal(1, late.Bracket);
        Assert.Equal(3, late.Grace);
        Assert.False(Stops(s, "first", 1, 0.1));
        Assert.False(Stops(s, "second", 1, 9.0)); // below its first rung (3): nothing to compare
        Assert.False(Stops(s, "second", 2, 9.0));
    }

    [Fact]
    public void SaveState_Restored_SameAssignmentsAndStops()
    {
        var a = new HyperbandScheduler(Settings, ObjectiveMode.Max);
        ISweepPolicy b = new HyperbandScheduler(Settings, ObjectiveMode.Max);
        var fromA = new List<string>();
        var fromB = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            SweepEvent[] events = [Created($"t{i}"), new MetricReported($"t{i}", 1 + (i % 10), (i * 7) % 11), new MetricReported($"t{i}", 9, (i * 5) % 13)];
            foreach (var e in events)
            {
                fromA.AddRange(a.Handle(e).Select(x => x.ToString()));
                fromB.AddRange(b.Handle(e).Select(x => x.ToString()));
                b = HyperbandScheduler.Restore(Settings, ObjectiveMode.Max, ((ISchedulerState)b).SaveState());
            }
        }

        Assert.Equal(fromA, fromB);
        Assert.Contains(fromA, x => x.StartsWith("StopTrial", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InfiniteMaxT_Throws()
    {
        Assert.Throws<ArgumentException>(() => new HyperbandScheduler(Settings with { MaxT = double.PositiveInfinity }, ObjectiveMode.Min));
    }
}
