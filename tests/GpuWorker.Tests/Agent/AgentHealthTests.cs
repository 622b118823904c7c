using Microsoft.Extensions.Time.Testing;
using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.GpuWorker.Tests.Agent;

public sealed class AgentHealthTests
{
    private static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(30);

    [Fact]
    public void Report_JustStarted_LiveButNotReady()
    {
        var health = new AgentHealth(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), RetryMax, Slack);

        var r = health.Report();

        Assert.Equal((true, false, "registering"), (r.Live, r.Ready, r.Status));
    }

    [Fact]
    public void Report_Registered_LiveAndReady()
    {
        var health = new AgentHealth(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), RetryMax, Slack);

        health.Registered(TimeSpan.FromSeconds(5));

        Assert.Equal((true, true, "ok"), (health.Report().Live, health.Report().Ready, health.Report().Status));
    }

    [Fact]
    public void Report_NoProgressForThreeHeartbeatsPlusATimeout_Wedged()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var health = new AgentHealth(time, RetryMax, Slack);
        health.Registered(TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds((AgentHealth.Intervals * 5) + 30));
        var atLimit = health.Report();
        time.Advance(TimeSpan.FromSeconds(1));
        var beyond = health.Report();

        Assert.True(atLimit.Live);
        Assert.Equal((false, "wedged", 45d), (beyond.Live, beyond.Status, beyond.LimitSeconds));
    }

    [Fact]
    public void Report_HeartbeatRounds_KeepItLive()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var health = new AgentHealth(time, RetryMax, Slack);
        health.Registered(TimeSpan.FromSeconds(5));

        for (var i = 0; i < 100; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            health.Progress();
        }

        Assert.True(health.Report().Live);
        Assert.Equal(0, health.Report().SecondsSinceProgress);
    }

    [Fact]
    public void Report_NeverRegisteredAndNoAttempts_WedgedAfterRetryLimit()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var health = new AgentHealth(time, RetryMax, Slack);

        time.Advance(TimeSpan.FromSeconds((AgentHealth.Intervals * 10) + 30 + 1));

        Assert.False(health.Report().Live);
    }

    [Fact]
    public void Report_Draining_NotReadyButLiveEvenWithoutProgress()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var health = new AgentHealth(time, RetryMax, Slack);
        health.Registered(TimeSpan.FromSeconds(5));

        health.Draining();
        time.Advance(TimeSpan.FromMinutes(10));
        var r = health.Report();

        Assert.Equal((true, false, "draining"), (r.Live, r.Ready, r.Status));
    }

    [Fact]
    public void Report_Unregistered_NotReadyUntilRegisteredAgain()
    {
        var health = new AgentHealth(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), RetryMax, Slack);
        health.Registered(TimeSpan.FromSeconds(5));

        health.Unregistered();
        var away = health.Report();
        health.Registered(TimeSpan.FromSeconds(5));

        Assert.Equal((true, false), (away.Live, away.Ready));
        Assert.True(health.Report().Ready);
    }
}
