using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Command;

/// <summary>
/// The <c>command</c> task: runs the user's own training program once per attempt, passes it the trial's parameters,
/// forwards its reports (<c>@@sweep {json}</c> on stdout or JSON lines in <c>SWEEP_REPORT_FILE</c>) and stops its whole
/// process group when told to. See docs/command-trainer.md.
/// </summary>
internal sealed class CommandTrainer(CommandTrainerOptions? options = null, TimeProvider? time = null) : ITrainer
{
    private readonly CommandTrainerOptions _options = options ?? new CommandTrainerOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Plan-time check of a trial's merged settings: the errors, each naming its key (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(JsonElement settings)
    {
        try
        {
            CommandSettings.FromJson(settings);
            Resources.ResourceRequest.FromSettings(settings);
            return [];
        }
        catch (FormatException e)
        {
            return [e.Message];
        }
    }

    /// <inheritdoc />
    public async Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct)
    {
        CommandSettings settings;
        try
        {
            settings = CommandSettings.FromJson(spec.Settings);
        }
        catch (FormatException e)
        {
            return new TrialResult(TrialOutcome.Failed, null, e.Message);
        }

        if (settings.WorkingDir is { } dir && !Directory.Exists(dir))
            return new TrialResult(TrialOutcome.Failed, null, $"trial.working_dir: directory '{dir}' not found");
        if (ct.IsCancellationRequested)
            return new TrialResult(TrialOutcome.Cancelled, null);

        await using var attempt = new CommandAttempt(spec, settings, reporter, _options, _time);
        return await attempt.RunAsync(ct).ConfigureAwait(false);
    }
}
