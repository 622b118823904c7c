using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Command;

/// <summary>One run of the user's program: its process group, logs, report channels and the way it ends.</summary>
internal sealed class CommandAttempt : IAsyncDisposable
{
    private readonly TrialSpec _spec;
    private readonly CommandSettings _settings;
    private readonly ITrialReporter _reporter;
    private readonly CommandTrainerOptions _options;
    private readonly TimeProvider _time;
    private readonly string _logDir;
    private readonly StreamWriter _stdoutLog;
    private readonly StreamWriter _stderrLog;
    private readonly Lock _logGate = new();
    private readonly Queue<string> _stderrTail = new();
    private readonly Channel<MetricReport> _reports = Channel.CreateUnbounded<MetricReport>(new() { SingleReader = true });
    private readonly ReportFileTail _tail;
    private Process? _process;
    private int _group;
    private int _ending;
    private int _closed;
    private long _reportCount;
    private ITimer? _killTimer;
    private MetricReport? _last;

    public CommandAttempt(TrialSpec spec, CommandSettings settings, ITrialReporter reporter, CommandTrainerOptions options, TimeProvider time)
    {
        _spec = spec;
        _settings = settings;
        _reporter = reporter;
        _options = options;
        _time = time;
        _logDir = TrialLogs.AttemptDir(spec.CheckpointDir, spec.Attempt);
        Directory.CreateDirectory(_logDir);
        _stdoutLog = OpenLog(TrialLogs.StdoutFile);
        _stderrLog = OpenLog(TrialLogs.StderrFile);
        var reportFile = Path.Combine(_logDir, TrialLogs.ReportFile);
        File.WriteAllBytes(reportFile, []);
        _tail = new ReportFileTail(reportFile, line => HandleReport(line, "SWEEP_REPORT_FILE"));
    }

    private enum Ending
    {
        None,
        Stop,
        Timeout,
        Cancel,
        Error,
    }

    /// <summary>Starts the program and waits until it and its whole process group are gone.</summary>
    public async Task<TrialResult> RunAsync(CancellationToken ct)
    {
        var start = CommandLaunch.Build(_spec, _settings, _tail.Path, _options.Setsid);
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("no process was started");
        }
        catch (Win32Exception e)
        {
            return new TrialResult(TrialOutcome.Failed, null, $"could not start '{_settings.Command[0]}' through '{_options.Setsid}': {e.Message}");
        }

        _group = _process.Id;
        ProcessGroup.Track(_group);
        // The supervisor's lifeline: kept open (never written) until the attempt is disposed; closed by the kernel if this process dies.
        using var tailStop = new CancellationTokenSource();
        var consumer = Task.Run(() => ConsumeReportsAsync(ct), CancellationToken.None);
        var stdout = Task.Run(ReadStdoutAsync, CancellationToken.None);
        var stderr = Task.Run(ReadStderrAsync, CancellationToken.None);
        var tail = Task.Run(() => _tail.PollAsync(_options.ReportPollInterval, _time, tailStop.Token), CancellationToken.None);
        using (var timeout = _settings.Timeout is { } limit
                   ? _time.CreateTimer(_ => End(Ending.Timeout), null, limit, Timeout.InfiniteTimeSpan)
                   : null)
        using (ct.Register(() => End(Ending.Cancel)))
        {
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // Whatever the program left behind in its group goes with it.
        ProcessGroup.Signal(_group, ProcessGroup.SigKill);
        try
        {
            await Task.WhenAll(stdout, stderr).WaitAsync(_options.DrainTimeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Warn("[sweep] warning: a process outside the trial's process group keeps its output open; output may be cut");
        }

        await tailStop.CancelAsync().ConfigureAwait(false);
        await tail.ConfigureAwait(false);
        _tail.ReadNew(final: true);
        _reports.Writer.TryComplete();
        await consumer.ConfigureAwait(false);
        return Result(_process.ExitCode);
    }

    private TrialResult Result(int exitCode)
    {
        var ending = (Ending)Volatile.Read(ref _ending);
        switch (ending)
        {
            case Ending.Stop:
                return new TrialResult(TrialOutcome.Stopped, _last);
            case Ending.Cancel:
                return new TrialResult(TrialOutcome.Cancelled, _last);
            case Ending.Timeout:
                return new TrialResult(TrialOutcome.Failed, _last, WithStderr($"timed out after {_settings.Timeout}"));
            default:
                if (exitCode == 0)
                    return new TrialResult(TrialOutcome.Completed, _last);
                var why = exitCode > 128
                    ? $"command exited with code {exitCode} (killed by signal {exitCode - 128})"
                    : $"command exited with code {exitCode}";
                return new TrialResult(TrialOutcome.Failed, _last, WithStderr(why));
        }
    }

    private string WithStderr(string why)
    {
        lock (_logGate)
            return _stderrTail.Count == 0 ? why : why + "; last lines of stderr:\n" + string.Join('\n', _stderrTail);
    }

    /// <summary>First ending wins: SIGTERM to the group now, SIGKILL after stop_grace.</summary>
    private void End(Ending ending)
    {
        if (Interlocked.CompareExchange(ref _ending, (int)ending, (int)Ending.None) != (int)Ending.None)
            return;
        if (ending == Ending.Error || _settings.StopGrace <= TimeSpan.Zero)
        {
            Kill(ProcessGroup.SigKill);
            return;
        }

        Kill(ProcessGroup.SigTerm);
        _killTimer = _time.CreateTimer(_ => Kill(ProcessGroup.SigKill), null, _settings.StopGrace, Timeout.InfiniteTimeSpan);
    }

    private void Kill(int signal)
    {
        if (_process is not { } process || Volatile.Read(ref _closed) != 0)
            return;
        if (ProcessGroup.Signal(_group, signal))
            return;
        try
        {
            if (!process.HasExited)
                ProcessGroup.SignalProcess(_group, signal); // the program has not reached setsid() yet
        }
        catch (InvalidOperationException)
        {
            // disposed meanwhile: the attempt is over and its group was killed
        }
    }

    private async Task ConsumeReportsAsync(CancellationToken ct)
    {
        await foreach (var report in _reports.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (Volatile.Read(ref _ending) != (int)Ending.None)
                continue;
            _last = report;
            TrialDecision decision;
            try
            {
                decision = await _reporter.ReportAsync(report, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                continue;
            }
            catch (Exception)
            {
                End(Ending.Error);
                throw;
            }

            if (decision == TrialDecision.Stop)
                End(Ending.Stop);
        }
    }

    private async Task ReadStdoutAsync()
    {
        var reader = _process!.StandardOutput;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith(ReportParser.StdoutPrefix, StringComparison.Ordinal))
                HandleReport(line[ReportParser.StdoutPrefix.Length..], "stdout");
            else
                WriteLine(_stdoutLog, line);
        }
    }

    private async Task ReadStderrAsync()
    {
        var reader = _process!.StandardError;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_logGate)
            {
                _stderrLog.WriteLine(line);
                _stderrTail.Enqueue(line);
                while (_stderrTail.Count > _options.StderrTailLines)
                    _stderrTail.Dequeue();
            }
        }
    }

    private void HandleReport(string json, string source)
    {
        var fallbackStep = Interlocked.Increment(ref _reportCount);
        if (ReportParser.TryParse(json.Trim(), fallbackStep, out var report, out var error))
            _reports.Writer.TryWrite(report!);
        else
            Warn($"[sweep] warning: malformed report line on {source} ignored ({error}): {json.Trim()}");
    }

    private void Warn(string line)
    {
        WriteLine(_stdoutLog, line);
        _reporter.Log(line);
    }

    private void WriteLine(StreamWriter log, string line)
    {
        lock (_logGate)
            log.WriteLine(line);
    }

    private StreamWriter OpenLog(string name)
    {
        var stream = new FileStream(Path.Combine(_logDir, name), FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        return new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _closed, 1);
        if (_killTimer is { } timer)
            await timer.DisposeAsync().ConfigureAwait(false);
        if (_process is { } process)
        {
            // Every path (exceptions included) ends with the group gone.
            ProcessGroup.Signal(_group, ProcessGroup.SigKill);
            if (!process.HasExited)
            {
                ProcessGroup.SignalProcess(_group, ProcessGroup.SigKill);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                ProcessGroup.Signal(_group, ProcessGroup.SigKill);
            }

            ProcessGroup.Untrack(_group);
            try
            {
                process.StandardInput.Dispose();
            }
            catch (IOException)
            {
                // the supervisor is gone; the pipe is broken
            }

            process.Dispose();
        }

        lock (_logGate)
        {
            _stdoutLog.Dispose();
            _stderrLog.Dispose();
        }
    }
}
