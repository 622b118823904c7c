using System.Collections.Concurrent;
using System.Formats.Tar;
using SweepCluster.Messages;
using SweepCluster.Training.Command;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// The GpuWorker agent: registers, long-polls for leases, runs up to <c>slots</c> trials at once, reports, heartbeats,
/// uploads checkpoints, buffers while the coordinator is away, and on shutdown hands running trials back as interrupted.
/// </summary>
internal sealed class WorkerAgent
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    private readonly AgentOptions _options;
    private readonly CoordinatorClient _client;
    private readonly Func<TrialSpec, ITrainer> _trainers;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly IReadOnlyList<GpuDescriptor> _gpus;
    private readonly int _slots;
    private readonly AgentSlots _resources;
    private readonly Courier _courier;
    private readonly CheckpointShipper _shipper;
    private readonly Backoff _backoff;
    private readonly ConcurrentDictionary<string, TrialRun> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TrialRun, Task> _tasks = new();
    private readonly SemaphoreSlim _slotFreed = new(0);
    private readonly SemaphoreSlim _registering = new(1, 1);
    private string? _workerId;
    private int _generation;
    private TimeSpan _heartbeat = TimeSpan.FromSeconds(10);

    public WorkerAgent(AgentOptions options, CoordinatorClient client, Func<TrialSpec, ITrainer> trainers, IReadOnlyList<GpuDescriptor> gpus, TimeProvider time, Action<string> log)
    {
        _options = options;
        _client = client;
        _trainers = trainers;
        _time = time;
        _log = log;
        _gpus = gpus;
        _slots = GpuDiscovery.Slots(options.Slots, gpus.Count, Environment.ProcessorCount, options.ThreadsPerSlot);
        _resources = new AgentSlots(gpus, _slots * options.ThreadsPerSlot, options.ThreadsPerSlot);
        _backoff = new Backoff(options.BackoffBase, options.BackoffMax, options.Seed);
        var outbox = Outbox.Open(Path.Combine(options.WorkDir, "outbox"), options.OutboxLimit, log);
        _courier = new Courier(client, outbox, new Backoff(options.BackoffBase, options.BackoffMax, options.Seed + 1), time, log)
        {
            Answered = OnBufferedAnswer,
        };
        _shipper = new CheckpointShipper(_courier, options, time, log);
        Health = new AgentHealth(time, options.BackoffMax, CoordinatorClient.RequestTimeout);
    }

    /// <summary>Liveness and readiness for the optional health endpoint.</summary>
    public AgentHealth Health { get; }

    /// <summary>Trial slots of this worker.</summary>
    public int Slots => _slots;

    /// <summary>Attempts running now.</summary>
    public IReadOnlyCollection<TrialRun> Running => [.. _running.Values];

    /// <summary>Runs until <paramref name="shutdown"/> fires, then hands back running trials and flushes within the grace period.</summary>
    public async Task<int> RunAsync(CancellationToken shutdown)
    {
        using var background = new CancellationTokenSource();
        var courier = _courier.RunAsync(background.Token);
        Task? heartbeat = null;
        try
        {
            await RegisterAsync(shutdown);
            heartbeat = HeartbeatLoopAsync(background.Token);
            await LeaseLoopAsync(shutdown);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // shutting down
        }

        Health.Draining();
        _log($"shutting down: handing back {_running.Count} running trials");
        using var grace = new CancellationTokenSource(_options.GracePeriod, _time);
        foreach (var run in _running.Values)
        {
            await run.Shutdown.CancelAsync();
        }

        await Task.WhenAll(_tasks.Values).WaitAsync(grace.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        await background.CancelAsync();
        foreach (var loop in new[] { courier, heartbeat })
        {
            if (loop is not null)
            {
                await loop.ContinueWith(t => Report(t), TaskScheduler.Default);
            }
        }

        try
        {
            await _courier.FlushAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _log($"grace period over: {_courier.Outbox.Count} messages stay buffered in {_options.WorkDir} for the next start");
        }

        return 0;
    }

    /// <summary>Registers again after a 404 (the coordinator restarted), unless another loop already did.</summary>
    private async Task ReregisterAsync(int staleGeneration, CancellationToken ct)
    {
        await _registering.WaitAsync(ct);
        try
        {
            if (_generation == staleGeneration)
            {
                _log("the coordinator does not know this worker (restarted?): registering again");
                _workerId = null;
                Health.Unregistered();
                await RegisterAsync(ct);
            }
        }
        finally
        {
            _registering.Release();
        }
    }

    private void Report(Task loop)
    {
        if (loop.Exception is { } e)
        {
            _log($"background loop failed: {e.GetBaseException()}");
        }
    }

    private async Task RegisterAsync(CancellationToken ct)
    {
        var request = new RegisterWorkerRequest
        {
            Protocol = ProtocolVersion.Current,
            Name = _options.Name,
            Slots = _slots,
            Gpus = _gpus,
            CpuThreads = _options.ThreadsPerSlot,
            Version = typeof(WorkerAgent).Assembly.GetName().Version?.ToString() ?? "0",
            Engines = _options.Engines,
        };
        while (true)
        {
            Health.Progress();
            var reply = await _client.RegisterAsync(request, ct);
            if (reply.Ok && reply.As(Wire.RegisterWorkerResponse) is { } r)
            {
                _workerId = r.WorkerId;
                _generation++;
                _heartbeat = TimeSpan.FromSeconds(Math.Clamp(r.HeartbeatIntervalSeconds, 0.05, 300));
                Health.Registered(_heartbeat);
                _backoff.Reset();
                _courier.MarkUp();
                _log($"registered as {r.WorkerId} with {_slots} slots (lease TTL {r.LeaseTtlSeconds:0.#} s)");
                return;
            }

            if (!reply.Unreachable)
            {
                throw new InvalidOperationException($"the coordinator refused the registration: HTTP {reply.Status} {System.Text.Encoding.UTF8.GetString(reply.Body)}");
            }

            await Task.Delay(_backoff.Next(), _time, ct);
        }
    }

    private async Task LeaseLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var free = _slots - _running.Count;
            if (free <= 0)
            {
                await _slotFreed.WaitAsync(ct);
                continue;
            }

            var (id, generation) = (_workerId, _generation);
            if (id is null)
            {
                await ReregisterAsync(generation, ct);
                continue;
            }

            // A busy worker polls briefly: its free GPUs change when a trial ends, and the poll carries them.
            var wait = _running.IsEmpty || _options.BusyLeaseWait > _options.LeaseWait ? _options.LeaseWait : _options.BusyLeaseWait;
            var reply = await _client.LeaseAsync(id, _resources.Request(free, wait), ct);
            if (reply.Status == 404)
            {
                await ReregisterAsync(generation, ct);
                continue;
            }

            if (reply.Unreachable || !reply.Ok)
            {
                if (!reply.Unreachable)
                {
                    _log($"lease refused: HTTP {reply.Status} {System.Text.Encoding.UTF8.GetString(reply.Body)}");
                }

                await Task.Delay(_backoff.Next(), _time, ct);
                continue;
            }

            _backoff.Reset();
            _courier.MarkUp();
            foreach (var a in reply.As(Wire.LeaseResponse)?.Assignments ?? [])
            {
                Start(a);
            }
        }
    }

    private void Start(TrialAssignment a)
    {
        var slot = Enumerable.Range(0, _slots).Except(_running.Values.Select(r => r.Slot)).FirstOrDefault();
        var local = Path.Combine(Path.GetFullPath(_options.WorkDir), "trials", Safe(a.TrialId) + "-a" + a.Attempt);
        var spec = a.Spec with
        {
            CheckpointDir = a.SharedCheckpoints ? a.Spec.CheckpointDir : local,
            ResumeFrom = a.SharedCheckpoints ? a.Spec.ResumeFrom : null,
            Attempt = a.Attempt,
        };
        var run = new TrialRun(a, spec, slot) { Lease = _resources.TryTake(spec) };
        _running[a.TrialId] = run;
        _tasks[run] = Task.Run(() => RunTrialAsync(run));
    }

    private async Task RunTrialAsync(TrialRun run)
    {
        var a = run.Assignment;
        try
        {
            _log($"trial {a.TrialId} attempt {a.Attempt}: starting on slot {run.Slot}");
            Directory.CreateDirectory(run.Spec.CheckpointDir);
            var spec = await ResumeAsync(run);
            var logs = a.SharedCheckpoints ? null : new LogShipper(_client, run, TrialLogs.AttemptDir(run.Spec.CheckpointDir, a.Attempt), _time);
            using var logLoop = new CancellationTokenSource();
            var shipping = logs?.RunAsync(_options.LogUploadInterval, logLoop.Token) ?? Task.CompletedTask;
            TrialResult result;
            try
            {
                run.Lease ??= await _resources.AcquireAsync(spec, run.Shutdown.Token);
                spec = _resources.Place(spec, run.Lease);
                result = await _trainers(spec).RunAsync(spec, new AgentReporter(run, _courier, _shipper, _log), run.Shutdown.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !run.Shutdown.IsCancellationRequested)
            {
                result = new TrialResult(TrialOutcome.Failed, null, e.GetType().Name + ": " + e.Message);
            }
            catch (OperationCanceledException)
            {
                result = new TrialResult(TrialOutcome.Cancelled, null);
            }

            await logLoop.CancelAsync();
            await shipping;
            await (logs?.ShipAsync(CancellationToken.None) ?? Task.CompletedTask);
            await FinishAsync(run, result);
        }
        catch (Exception e)
        {
            _log($"trial {a.TrialId} attempt {a.Attempt}: worker error {e.Message}");
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, TrialRun>(a.TrialId, run));
            _tasks.TryRemove(run, out _);
            run.Dispose();
            _slotFreed.Release();
        }
    }

    private async Task<TrialSpec> ResumeAsync(TrialRun run)
    {
        if (run.Assignment.ResumeUrl is not { } url)
        {
            return run.Spec;
        }

        var reply = await _client.DownloadAsync(url, run.Assignment.Attempt, run.Assignment.FencingToken, run.Shutdown.Token);
        if (!reply.Ok)
        {
            _log($"trial {run.Assignment.TrialId}: cannot download its last checkpoint (HTTP {reply.Status}); starting fresh");
            return run.Spec;
        }

        var dir = Path.Combine(run.Spec.CheckpointDir, "resume");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        await TarFile.ExtractToDirectoryAsync(new MemoryStream(reply.Body), dir, overwriteFiles: true, run.Shutdown.Token);
        _log($"trial {run.Assignment.TrialId} attempt {run.Assignment.Attempt}: resuming from the uploaded last checkpoint");
        return run.Spec with { ResumeFrom = dir };
    }

    private async Task FinishAsync(TrialRun run, TrialResult result)
    {
        var a = run.Assignment;
        _log($"trial {a.TrialId} attempt {a.Attempt}: {result.Outcome}{(result.Error is null ? "" : " — " + result.Error)}");
        if (run.Stale)
        {
            _log($"trial {a.TrialId} attempt {a.Attempt}: lease lost; result discarded");
            return;
        }

        await _shipper.ShipFinalAsync(run, CancellationToken.None);
        var (kind, body) = result.Outcome switch
        {
            TrialOutcome.Completed or TrialOutcome.Stopped => (OutboxKind.Complete, run.Body(new CompleteRequest
            {
                Protocol = ProtocolVersion.Current, Attempt = a.Attempt, FencingToken = a.FencingToken,
                Final = result.LastMetrics, Stopped = result.Outcome == TrialOutcome.Stopped,
            }, Wire.CompleteRequest)),
            TrialOutcome.Cancelled when !run.Shutdown.IsCancellationRequested => (OutboxKind.Complete, run.Body(new CompleteRequest
            {
                Protocol = ProtocolVersion.Current, Attempt = a.Attempt, FencingToken = a.FencingToken, Final = result.LastMetrics, Stopped = true,
            }, Wire.CompleteRequest)),
            _ => (OutboxKind.Fail, run.Body(new FailRequest
            {
                Protocol = ProtocolVersion.Current, Attempt = a.Attempt, FencingToken = a.FencingToken,
                Error = result.Outcome == TrialOutcome.Cancelled ? "interrupted: worker shutting down" : Trim(result.Error ?? "failed"),
                LogTail = run.LogTail(),
                Interrupted = result.Outcome == TrialOutcome.Cancelled,
            }, Wire.FailRequest)),
        };
        await _courier.SendAsync(kind, a.TrialId, a.Attempt, a.FencingToken, body, null, CancellationToken.None);
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Health.Progress();
            await Task.Delay(_heartbeat, _time, ct);
            if (_workerId is null)
            {
                continue;
            }

            var (id, generation) = (_workerId, _generation);
            var reply = await _client.HeartbeatAsync(id, new HeartbeatRequest
            {
                Protocol = ProtocolVersion.Current,
                Running = [.. _running.Values.Where(r => !r.Stale).Select(r => r.Ref)],
            }, ct);
            if (reply.Status == 404)
            {
                await ReregisterAsync(generation, ct);
                _courier.MarkUp();
                continue;
            }

            if (!reply.Ok)
            {
                continue;
            }

            _courier.MarkUp();
            foreach (var stop in reply.As(Wire.HeartbeatResponse)?.Stop ?? [])
            {
                if (_running.TryGetValue(stop.TrialId, out var run) && run.Assignment.Attempt == stop.Attempt)
                {
                    _log($"trial {stop.TrialId} attempt {stop.Attempt}: the coordinator asks to stop it");
                    run.RequestStop();
                }
            }
        }
    }

    private void OnBufferedAnswer(OutboxEntry e, Reply reply)
    {
        if (_running.TryGetValue(e.TrialId, out var run) && run.Assignment.Attempt == e.Attempt && e.Kind == OutboxKind.Report)
        {
            AgentReporter.Apply(run, reply);
        }
    }

    private static string Trim(string error) => error.Length > 4000 ? error[..4000] : error;

    private static string Safe(string id) => string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
