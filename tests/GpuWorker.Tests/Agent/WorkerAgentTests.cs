using SweepCluster.Coordinator.Dispatch;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Tests.Agent;

public sealed class WorkerAgentTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_LeasedTrial_ReportsEveryEvaluationCompletesAndUploadsCheckpoints()
    {
        await using var h = await AgentHarness.StartAsync();
        var dir = Path.Combine(h.CoordinatorDir, "t1");
        h.Broker.Offer("t1", dir);
        h.Run(new ScriptedTrainer { Steps = 3 });
        Assert.Equal("t1", await h.Broker.Finished.Task.WaitAsync(Bound));
        Assert.Equal([1L, 2, 3], h.Broker.Reports.Select(r => r.Step));
        Assert.Equal(("t1", false), Assert.Single(h.Broker.Completions));
        Assert.Equal("3", await File.ReadAllTextAsync(Path.Combine(dir, "best", "step")));
        Assert.Equal("3", await File.ReadAllTextAsync(Path.Combine(dir, "last", "step")));
        Assert.Equal(0, await h.StopAsync());
    }

    [Fact]
    public async Task RunAsync_StopDecision_StopsAtThatEvaluationAndCompletesAsStopped()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Broker.AnswerAt = step => step == 2 ? BrokerAnswer.Stop : BrokerAnswer.Continue;
        h.Broker.Offer("t1", Path.Combine(h.CoordinatorDir, "t1"));
        var trainer = new ScriptedTrainer { Steps = 10 };
        h.Run(trainer);
        await h.Broker.Finished.Task.WaitAsync(Bound);
        Assert.Equal([1L, 2], h.Broker.Reports.Select(r => r.Step));
        Assert.Equal(("t1", true), Assert.Single(h.Broker.Completions));
        Assert.Equal(TrialOutcome.Stopped, (await trainer.Done.Task).Outcome);
    }

    [Fact]
    public async Task RunAsync_StaleLease_StopsAndSendsNoResult()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Broker.AnswerAt = step => step == 2 ? BrokerAnswer.Stale : BrokerAnswer.Continue;
        h.Broker.Offer("t1", Path.Combine(h.CoordinatorDir, "t1"));
        var trainer = new ScriptedTrainer { Steps = 10 };
        h.Run(trainer);
        Assert.Equal(TrialOutcome.Stopped, (await trainer.Done.Task.WaitAsync(Bound)).Outcome);
        await h.StopAsync();
        Assert.Empty(h.Broker.Completions);
        Assert.Empty(h.Broker.Failures);
        Assert.Equal(2, h.Broker.Reports.Count);
    }

    [Fact]
    public async Task RunAsync_CoordinatorAway_BuffersOnDiskAndDeliversInOrderWhenBack()
    {
        await using var h = await AgentHarness.StartAsync();
        h.Broker.Offer("t1", Path.Combine(h.CoordinatorDir, "t1"));
        var trainer = new ScriptedTrainer
        {
            Steps = 4,
            BeforeReport = (step, _) =>
            {
                if (step == 2)
                {
                    h.Handler.Down = true;
                }

                return Task.CompletedTask;
            },
        };
        h.Run(trainer);
        Assert.Equal(TrialOutcome.Completed, (await trainer.Done.Task.WaitAsync(Bound)).Outcome);
        await WaitUntil(() => h.Agent!.Running.Count == 0);
        var buffered = Directory.GetFiles(Path.Combine(h.WorkDir, "outbox"), "*.entry");
        Assert.True(buffered.Length >= 4, $"expected reports 2-4 and the completion on disk, found {buffered.Length}");
        Assert.Equal([1L], h.Broker.Reports.Select(r => r.Step));
        Assert.Empty(h.Broker.Completions);

        h.Handler.Down = false;
        await h.Broker.Finished.Task.WaitAsync(Bound);
        Assert.Equal([1L, 2, 3, 4], h.Broker.Reports.Select(r => r.Step));
        Assert.Equal(("t1", false), Assert.Single(h.Broker.Completions));
        await WaitUntil(() => Directory.GetFiles(Path.Combine(h.WorkDir, "outbox")).Length == 0);
    }

    [Fact]
    public async Task RunAsync_Shutdown_HandsRunningTrialBackAsInterruptedWithLastCheckpoint()
    {
        await using var h = await AgentHarness.StartAsync();
        var dir = Path.Combine(h.CoordinatorDir, "t1");
        h.Broker.Offer("t1", dir);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var trainer = new ScriptedTrainer
        {
            Steps = 3,
            BeforeReport = async (step, ct) =>
            {
                if (step == 2)
                {
                    started.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
        };
        h.Run(trainer);
        await started.Task.WaitAsync(Bound);
        Assert.Equal(0, await h.StopAsync());
        var (trial, _, interrupted) = Assert.Single(h.Broker.Failures);
        Assert.Equal("t1", trial);
        Assert.True(interrupted);
        Assert.Equal("2", await File.ReadAllTextAsync(Path.Combine(dir, "last", "step")));
        Assert.Empty(h.Broker.Completions);
    }

    [Fact]
    public async Task RunAsync_RetriedTrialWithLastCheckpoint_ResumesFromIt()
    {
        await using var h = await AgentHarness.StartAsync();
        var dir = Path.Combine(h.CoordinatorDir, "t1");
        Directory.CreateDirectory(Path.Combine(dir, "last"));
        await File.WriteAllTextAsync(Path.Combine(dir, "last", "step"), "7");
        h.Broker.Offer("t1", dir, attempt: 2, resumeFrom: Path.Combine(dir, "last"));
        var trainer = new ScriptedTrainer { Steps = 1 };
        h.Run(trainer);
        await h.Broker.Finished.Task.WaitAsync(Bound);
        Assert.Equal("7", trainer.ResumedStep);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Yield();
            await Task.Delay(5, timeout.Token);
        }
    }
}
