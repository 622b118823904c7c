namespace SweepCluster.GpuWorker.Cli;

/// <summary>Process exit codes of the CLI verbs.</summary>
internal static class ExitCodes
{
    /// <summary>The trial completed, or was stopped by its own schedule.</summary>
    public const int Ok = 0;

    /// <summary>The trial failed (a crash, bad data) or evaluation failed.</summary>
    public const int Failed = 1;

    /// <summary>Bad configuration or arguments (the message names file:line:column or the config path).</summary>
    public const int ConfigError = 2;

    /// <summary>Interrupted (Ctrl+C); the trial can be resumed with <c>--resume</c>.</summary>
    public const int Cancelled = 130;
}
