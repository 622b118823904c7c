namespace SweepCluster.Training.Command;

/// <summary>Worker-side knobs of the command trainer.</summary>
internal sealed record CommandTrainerOptions
{
    /// <summary>How often <c>SWEEP_REPORT_FILE</c> is checked for new lines.</summary>
    public TimeSpan ReportPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Lines of standard error kept for a failed attempt's error.</summary>
    public int StderrTailLines { get; init; } = 50;

    /// <summary>How long to wait for the output pipes to close after the process group was killed.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The program that starts the command in a new process group.</summary>
    public string Setsid { get; init; } = "setsid";
}
