using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Command;

public sealed class LogsCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDir _dir = new();

    private string Storage => "sqlite:" + _dir.File("sweeps.db");

    private string TrialDir => _dir.File("ckpt");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Logs_DefaultAttempt_PrintsCurrentAttemptsFiles()
    {
        await StoreTrialAsync(TrialStatus.Failed, attempt: 2);
        WriteLog(1, "stdout.log", "first try\n");
        WriteLog(2, "stdout.log", "second try\n");
        WriteLog(2, "stderr.log", "Traceback: boom\n");

        var (code, output, _) = await RunAsync("logs", "s1.0", "--storage", Storage);

        Assert.Equal(0, code);
        Assert.Equal(
            "==> attempt 2: stdout.log <==\nsecond try\n==> attempt 2: stderr.log <==\nTraceback: boom\n",
            output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Logs_AttemptOption_PrintsThatAttempt()
    {
        await StoreTrialAsync(TrialStatus.Completed, attempt: 2);
        WriteLog(1, "stdout.log", "first try\n");
        WriteLog(2, "stdout.log", "second try\n");

        var (code, output, _) = await RunAsync("logs", "s1.0", "--attempt", "1", "--storage", Storage);

        Assert.Equal(0, code);
        Assert.Equal("first try\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Logs_KeyPrefixAsLeaderboardShows_FindsTrial()
    {
        await StoreTrialAsync(TrialStatus.Completed, attempt: 1);
        WriteLog(1, "stdout.log", "by key\n");

        var (code, output, _) = await RunAsync("logs", "k0", "--storage", Storage);

        Assert.Equal(0, code);
        Assert.Equal("by key\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Logs_UnknownTrial_ExitTwoNamingTrial()
    {
        await StoreTrialAsync(TrialStatus.Completed, attempt: 1);

        var (code, _, error) = await RunAsync("logs", "s1.9", "--storage", Storage);

        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains("no trial 's1.9'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_AttemptWithoutLogs_ExitTwoListingAttempts()
    {
        await StoreTrialAsync(TrialStatus.Completed, attempt: 1);
        WriteLog(1, "stdout.log", "only\n");

        var (code, _, error) = await RunAsync("logs", "s1.0", "--attempt", "3", "--storage", Storage);

        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains("--attempt: trial 's1.0' has logs for attempt(s) 1", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_Follow_PrintsAppendedOutputUntilTrialEnds()
    {
        await StoreTrialAsync(TrialStatus.Running, attempt: 1);
        WriteLog(1, "stdout.log", "epoch 1\n");
        var time = new TimerTimeProvider();
        var waiting = new SemaphoreSlim(0);
        time.TimerCreated += () => waiting.Release();
        var output = new StringWriter();
        var context = new CliContext(output, new StringWriter()) { Time = time };

        var run = CliApp.RunAsync(["logs", "s1.0", "--follow", "--storage", Storage], context, CancellationToken.None);
        await waiting.WaitAsync(); // the verb printed what was there and waits for more
        Assert.Equal("==> attempt 1: stdout.log <==\nepoch 1\n", output.ToString().ReplaceLineEndings("\n"));
        File.AppendAllText(Path.Combine(TrialDir, "logs", "attempt-1", "stdout.log"), "epoch 2\nunterminated");
        time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync();
        Assert.EndsWith("epoch 1\nepoch 2\n", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        await StoreTrialAsync(TrialStatus.Completed, attempt: 1, create: false);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(0, await run);
        Assert.EndsWith("epoch 2\nunterminated", output.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    private async Task StoreTrialAsync(TrialStatus status, int attempt, bool create = true)
    {
        await using var store = await SweepStores.OpenAsync(Storage, CancellationToken.None);
        var trial = new TrialRecord
        {
            Id = "s1.0", SweepId = "s1", Key = "k0abc", Parameters = "{}", Status = status, Attempt = attempt,
            CheckpointPath = TrialDir, CreatedAt = T0,
        };
        var change = new StateChange
        {
            SweepId = "s1", Type = create ? "SweepCreated" : "TrialChanged", At = T0,
            Sweep = create ? new SweepRecord { Id = "s1", Name = "alpha", Definition = "{}", CreatedAt = T0 } : null,
            Trials = [trial],
        };
        Assert.True(await store.ApplyAsync(change, CancellationToken.None));
    }

    private void WriteLog(int attempt, string file, string text)
    {
        var dir = Path.Combine(TrialDir, "logs", $"attempt-{attempt}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, file), text);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliContext(output, error), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
