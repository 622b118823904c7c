namespace SweepCluster.GpuWorker.Agent;

/// <summary>The environment variables the worker agent reads (each overridden by its command-line option).</summary>
internal static class WorkerEnvironment
{
    /// <summary>Coordinator base URL (<c>--coordinator</c>).</summary>
    public const string Coordinator = "SWEEP_COORDINATOR";

    /// <summary>Worker bearer token (<c>--token</c>).</summary>
    public const string Token = "SWEEP_WORKER_TOKEN";

    /// <summary>Trial slots (<c>--slots</c>).</summary>
    public const string Slots = "SWEEP_SLOTS";

    /// <summary>Engine threads per slot (<c>--threads-per-slot</c>).</summary>
    public const string ThreadsPerSlot = "SWEEP_THREADS_PER_SLOT";

    /// <summary>Worker name (<c>--name</c>).</summary>
    public const string Name = "SWEEP_WORKER_NAME";

    /// <summary>Local work directory (<c>--work-dir</c>).</summary>
    public const string WorkDir = "SWEEP_WORK_DIR";

    /// <summary>Shutdown grace period in seconds (<c>--grace-seconds</c>).</summary>
    public const string GraceSeconds = "SWEEP_GRACE_SECONDS";

    /// <summary>Least seconds between uploads of a running trial's <c>last/</c> checkpoint (<c>--checkpoint-upload-seconds</c>).</summary>
    public const string CheckpointUploadSeconds = "SWEEP_CHECKPOINT_UPLOAD_SECONDS";

    /// <summary>Health endpoint URL, empty for none (<c>--health-listen</c>).</summary>
    public const string HealthListen = "SWEEP_HEALTH_LISTEN";

    /// <summary>Every variable above.</summary>
    public static readonly IReadOnlyList<string> All = [Coordinator, Token, Slots, ThreadsPerSlot, Name, WorkDir, GraceSeconds, CheckpointUploadSeconds, HealthListen];
}
