using System.Text.Json;
using SweepCluster.Training.Command;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Command;

public sealed class CommandTrainerTests
{
    [LinuxFact]
    public async Task RunAsync_StdoutReports_ForwardedInOrderAndCompletedWithLast()
    {
        using var dir = new ScriptDir();
        var script = dir.Script("""
            echo "starting"
            echo '@@sweep {"step": 1, "val_loss": 0.9, "phase": "warmup"}'
            echo '@@sweep {"step": 2, "val_loss": 0.5, "val_accuracy": 0.81}'
            echo "done"
            """);
        var reporter = new RecordingReporter();

        var result = await new CommandTrainer().RunAsync(dir.Spec(script), reporter, CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, result.Outcome);
        Assert.Equal([1L, 2L], reporter.Reports.Select(r => r.Step));
        Assert.Equal(0.9, reporter.Reports[0].Values["val_loss"]);
        Assert.False(reporter.Reports[0].Values.ContainsKey("phase"));
        Assert.Equal(2, result.LastMetrics!.Step);
        Assert.Equal(0.81, result.LastMetrics.Values["val_accuracy"]);
        var log = dir.Log(TrialLogs.StdoutFile);
        Assert.Equal("starting\ndone\n", log);
    }

    [LinuxFact]
    public async Task RunAsync_ReportFileLines_ForwardedAndCompleted()
    {
        using var dir = new ScriptDir();
        var script = dir.Script("""
            echo '{"step": 10, "val_loss": 0.7}' >> "$SWEEP_REPORT_FILE"
            echo '{"step": 20, "val_loss": 0.6}' >> "$SWEEP_REPORT_FILE"
            printf '{"step": 30, "val_loss": 0.4}' >> "$SWEEP_REPORT_FILE"
            """);
        var reporter = new RecordingReporter();

        var result = await new CommandTrainer().RunAsync(dir.Spec(script), reporter, CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, result.Outcome);
        Assert.Equal([10L, 20L, 30L], reporter.Reports.Select(r => r.Step));
        Assert.Equal(0.4, result.LastMetrics!.Values["val_loss"]);
    }

    [LinuxFact]
    public async Task RunAsync_MalformedReportLine_WarnsInTrialLogAndCompletes()
    {
        using var dir = new ScriptDir();
        var script = dir.Script("""
            echo '@@sweep {"step": 1, "val_loss": '
            echo '@@sweep {"step": 2, "val_loss": 0.3}'
            """);
        var reporter = new RecordingReporter();

        var result = await new CommandTrainer().RunAsync(dir.Spec(script), reporter, CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, result.Outcome);
        Assert.Equal([2L], reporter.Reports.Select(r => r.Step));
        Assert.Contains("warning: malformed report line", dir.Log(TrialLogs.StdoutFile), StringComparison.Ordinal);
        Assert.Contains(reporter.Logs, l => l.Contains("malformed", StringComparison.Ordinal));
    }

    [LinuxFact]
    public async Task RunAsync_StopDecision_TerminatesWholeGroupAndReturnsStopped()
    {
        using var dir = new ScriptDir();
        var script = dir.Script($$"""
            awk '{print $5}' /proc/$$/stat > "{{dir.Root}}/pid"
            sleep 1000 &
            echo $! > "{{dir.Root}}/child"
            trap 'echo term > "{{dir.Root}}/got-term"; mkdir -p "$SWEEP_CHECKPOINT_DIR/last"; exit 0' TERM
            echo '@@sweep {"step": 1, "val_loss": 0.9}'
            echo '@@sweep {"step": 2, "val_loss": 0.8}'
            while true; do wait; done
            """);
        var reporter = new RecordingReporter((r, _) => r.Step == 2 ? TrialDecision.Stop : TrialDecision.Continue);

        var result = await new CommandTrainer().RunAsync(dir.Spec(script, ""","stop_grace": "1h" """), reporter, CancellationToken.None);

        Assert.Equal(TrialOutcome.Stopped, result.Outcome);
        Assert.Equal(2, result.LastMetrics!.Step);
        Assert.True(File.Exists(Path.Combine(dir.Root, "got-term")));
        Assert.True(Directory.Exists(Path.Combine(dir.CheckpointDir, "last")));
        Assert.False(Proc.IsAlive(Proc.ReadPid(Path.Combine(dir.Root, "child"))));
        Assert.False(Proc.GroupAlive(Proc.ReadPid(Path.Combine(dir.Root, "pid"))));
    }

    [LinuxFact]
    public async Task RunAsync_StopWithTermIgnored_KilledAfterStopGrace()
    {
        using var dir = new ScriptDir();
        var time = new ManualTimeProvider();
        var grace = TimeSpan.FromSeconds(30);
        time.TimerCreated = due =>
        {
            if (due == grace)
                _ = Task.Run(() => time.Advance(grace));
        };
        var script = dir.Script($$"""
            awk '{print $5}' /proc/$$/stat > "{{dir.Root}}/pid"
            trap '' TERM
            echo '@@sweep {"step": 1, "val_loss": 0.9}'
            sleep 1000
            echo finished > "{{dir.Root}}/finished"
            """);
        var reporter = new RecordingReporter((_, _) => TrialDecision.Stop);

        var result = await new CommandTrainer(time: time).RunAsync(dir.Spec(script, ""","stop_grace": "30s" """), reporter, CancellationToken.None);

        Assert.Equal(TrialOutcome.Stopped, result.Outcome);
        Assert.False(File.Exists(Path.Combine(dir.Root, "finished")));
        Assert.False(Proc.GroupAlive(Proc.ReadPid(Path.Combine(dir.Root, "pid"))));
    }

    [LinuxFact]
    public async Task RunAsync_Timeout_FailedWithStderrTailAndGroupGone()
    {
        using var dir = new ScriptDir();
        var time = new ManualTimeProvider();
        var script = dir.Script($$"""
            awk '{print $5}' /proc/$$/stat > "{{dir.Root}}/pid"
            echo "loading data" >&2
            echo '@@sweep {"step": 1, "val_loss": 0.9}'
            sleep 1000
            """);
        // The first report proves the program runs; then two hours pass.
        var reporter = new RecordingReporter((_, _) =>
        {
            time.Advance(TimeSpan.FromHours(2));
            return TrialDecision.Continue;
        });

        var result = await new CommandTrainer(time: time).RunAsync(
            dir.Spec(script, ""","timeout": "2h", "stop_grace": 0"""), reporter, CancellationToken.None);

        Assert.Equal(TrialOutcome.Failed, result.Outcome);
        Assert.StartsWith("timed out after 02:00:00", result.Error, StringComparison.Ordinal);
        Assert.Contains("loading data", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, result.LastMetrics!.Step);
        Assert.False(Proc.GroupAlive(Proc.ReadPid(Path.Combine(dir.Root, "pid"))));
    }

    [LinuxFact]
    public async Task RunAsync_NonZeroExit_FailedWithLast50StderrLines()
    {
        using var dir = new ScriptDir();
        var script = dir.Script("""
            for i in $(seq 1 60); do echo "err line $i" >&2; done
            echo '@@sweep {"step": 4, "val_loss": 2.0}'
            exit 3
            """);

        var result = await new CommandTrainer().RunAsync(dir.Spec(script), new RecordingReporter(), CancellationToken.None);

        Assert.Equal(TrialOutcome.Failed, result.Outcome);
        Assert.StartsWith("command exited with code 3", result.Error, StringComparison.Ordinal);
        var lines = result.Error!.Split('\n');
        Assert.Equal(51, lines.Length);
        Assert.Equal("err line 11", lines[1]);
        Assert.Equal("err line 60", lines[^1]);
        Assert.Equal(4, result.LastMetrics!.Step);
        Assert.Contains("err line 1\n", dir.Log(TrialLogs.StderrFile), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task RunAsync_KilledBySignal_FailedNamingSignal()
    {
        using var dir = new ScriptDir();
        var script = dir.Script("kill -SEGV $$");

        var result = await new CommandTrainer().RunAsync(dir.Spec(script), new RecordingReporter(), CancellationToken.None);

        Assert.Equal(TrialOutcome.Failed, result.Outcome);
        Assert.Contains("signal 11", result.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task RunAsync_Cancelled_TerminatesGroupAndReturnsCancelled()
    {
        using var dir = new ScriptDir();
        using var cts = new CancellationTokenSource();
        var script = dir.Script($$"""
            awk '{print $5}' /proc/$$/stat > "{{dir.Root}}/pid"
            trap 'exit 0' TERM
            echo '@@sweep {"step": 1, "val_loss": 0.9}'
            sleep 1000 &
            while true; do wait; done
            """);
        var reporter = new RecordingReporter((_, _) =>
        {
            cts.Cancel();
            return TrialDecision.Continue;
        });

        var result = await new CommandTrainer().RunAsync(dir.Spec(script), reporter, cts.Token);

        Assert.Equal(TrialOutcome.Cancelled, result.Outcome);
        Assert.False(Proc.GroupAlive(Proc.ReadPid(Path.Combine(dir.Root, "pid"))));
    }

    [LinuxFact]
    public async Task RunAsync_ProgramLeavesBackgroundChild_ChildKilledAtExit()
    {
        using var dir = new ScriptDir();
        var script = dir.Script($$"""
            sleep 1000 &
            echo $! > "{{dir.Root}}/child"
            echo '@@sweep {"step": 1, "val_loss": 0.9}'
            exit 0
            """);

        var result = await new CommandTrainer().RunAsync(dir.Spec(script), new RecordingReporter(), CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, result.Outcome);
        Assert.False(Proc.IsAlive(Proc.ReadPid(Path.Combine(dir.Root, "child"))));
    }

    [LinuxFact]
    public async Task RunAsync_Resume_ResumeDirSetOnlyWhenResuming()
    {
        using var dir = new ScriptDir();
        var script = dir.Script("""
            step=0
            if [ -n "${SWEEP_RESUME_DIR:-}" ]; then step=$(cat "$SWEEP_RESUME_DIR/step"); echo "resumed from $step"; fi
            step=$((step + 5))
            mkdir -p "$SWEEP_CHECKPOINT_DIR/last"
            echo $step > "$SWEEP_CHECKPOINT_DIR/last/step"
            echo "@@sweep {\"step\": $step, \"val_loss\": 0.5}"
            """);
        var first = new RecordingReporter();
        var second = new RecordingReporter();
        var trainer = new CommandTrainer();

        var r1 = await trainer.RunAsync(dir.Spec(script), first, CancellationToken.None);
        var r2 = await trainer.RunAsync(
            dir.Spec(script, attempt: 2, resumeFrom: Path.Combine(dir.CheckpointDir, "last")), second, CancellationToken.None);

        Assert.Equal(5, r1.LastMetrics!.Step);
        Assert.Equal(10, r2.LastMetrics!.Step);
        Assert.Equal("", dir.Log(TrialLogs.StdoutFile, attempt: 1));
        Assert.Equal("resumed from 5\n", dir.Log(TrialLogs.StdoutFile, attempt: 2));
        Assert.Equal([1, 2], TrialLogs.Attempts(dir.CheckpointDir));
    }

    [LinuxFact]
    public async Task RunAsync_Parameters_PassedAsArgumentsAndEnvironment()
    {
        using var dir = new ScriptDir();
        var script = dir.Script($$"""
            printf '%s\n' "$@" > "{{dir.Root}}/args"
            { echo "$SWEEP_PARAMS"; echo "$SWEEP_TRIAL_ID"; echo "$SWEEP_ATTEMPT"; echo "$SWEEP_CHECKPOINT_DIR";
              echo "$SWEEP_REPORT_FILE"; echo "[$CUDA_VISIBLE_DEVICES]"; echo "$MY_FLAG"; echo "${SWEEP_RESUME_DIR-unset}"; pwd; } > "{{dir.Root}}/env"
            echo '@@sweep {"val_loss": 1}'
            """);
        Directory.CreateDirectory(Path.Combine(dir.Root, "work"));
        var spec = dir.Spec(script, $$""","env": {"MY_FLAG": 42}, "working_dir": {{JsonSerializer.Serialize(Path.Combine(dir.Root, "work"))}}""",
            """{"lr": 0.001, "layers": 4, "optimizer": "adamw", "tied": true}""", attempt: 3, gpus: [1, 3]);

        var result = await new CommandTrainer().RunAsync(spec, new RecordingReporter(), CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, result.Outcome);
        Assert.Equal(1, result.LastMetrics!.Step);
        Assert.Equal(["--lr=0.001", "--layers=4", "--optimizer=adamw", "--tied=true"],
            File.ReadAllLines(Path.Combine(dir.Root, "args")));
        var env = File.ReadAllLines(Path.Combine(dir.Root, "env"));
        Assert.Equal("""{"lr":0.001,"layers":4,"optimizer":"adamw","tied":true}""", env[0]);
        Assert.Equal(["t-3", "3", dir.CheckpointDir], env[1..4]);
        Assert.Equal(Path.Combine(TrialLogs.AttemptDir(dir.CheckpointDir, 3), TrialLogs.ReportFile), env[4]);
        Assert.Equal(["[1,3]", "42", "unset", Path.Combine(dir.Root, "work")], env[5..]);
    }

    [LinuxFact]
    public async Task RunAsync_PassArgsFalse_NoArgumentsButParamsInEnvironment()
    {
        using var dir = new ScriptDir();
        var script = dir.Script($$"""
            echo "$#" > "{{dir.Root}}/argc"
            echo "@@sweep {\"loss\": $(echo "$SWEEP_PARAMS" | wc -c)}"
            """);

        var result = await new CommandTrainer().RunAsync(
            dir.Spec(script, ""","pass_args": false""", """{"lr": 0.1}"""), new RecordingReporter(), CancellationToken.None);

        Assert.Equal(TrialOutcome.Completed, result.Outcome);
        Assert.Equal("0", File.ReadAllText(Path.Combine(dir.Root, "argc")).Trim());
        Assert.Equal("""{"lr":0.1}""".Length + 1, result.LastMetrics!.Values["loss"]);
    }

    [Theory]
    [InlineData("""{"task": "command"}""", "trial.command: missing")]
    [InlineData("""{"command": []}""", "trial.command: expected a non-empty list")]
    [InlineData("""{"command": ["x"], "timeout": "2 fortnights"}""", "trial.timeout: unknown duration unit 'fortnights'")]
    [InlineData("""{"command": ["x"], "stop_grace": true}""", "trial.stop_grace: expected a duration")]
    [InlineData("""{"command": ["x"], "env": {"A": [1]}}""", "trial.env.A: expected a string")]
    [InlineData("""{"command": ["x"], "pass_args": "maybe"}""", "trial.pass_args: expected true or false")]
    public async Task RunAsync_BadSettings_FailedNamingTheKey(string settings, string error)
    {
        var spec = new Messages.TrialSpec
        {
            TrialId = "t",
            Task = "command",
            Settings = JsonDocument.Parse(settings).RootElement.Clone(),
            CheckpointDir = Path.Combine(Path.GetTempPath(), "never-created"),
        };

        var result = await new CommandTrainer().RunAsync(spec, new RecordingReporter(), CancellationToken.None);

        Assert.Equal(TrialOutcome.Failed, result.Outcome);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task RunAsync_MissingProgram_FailedWithReason()
    {
        using var dir = new ScriptDir();
        var spec = dir.Spec("unused") with
        {
            Settings = JsonDocument.Parse("""{"command": ["/nonexistent/train-program"]}""").RootElement.Clone(),
        };

        var result = await new CommandTrainer().RunAsync(spec, new RecordingReporter(), CancellationToken.None);

        Assert.Equal(TrialOutcome.Failed, result.Outcome);
        Assert.Contains("/nonexistent/train-program", result.Error, StringComparison.Ordinal);
    }
}
