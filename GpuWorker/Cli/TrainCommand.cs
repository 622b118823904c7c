using System.CommandLine;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Cli;

/// <summary><c>train TRIAL.hocon [--resume] [--checkpoint-dir DIR] [--threads N] [--seed N]</c>: runs one trial locally.</summary>
internal static class TrainCommand
{
    /// <summary>The verb.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("trial-file") { Description = "HOCON file with a trial { } block" };
        var resume = new Option<bool>("--resume") { Description = "Continue from CHECKPOINT_DIR/last if it exists" };
        var dir = new Option<string?>("--checkpoint-dir") { Description = "Where best/ and last/ go (overrides trial.checkpoint_dir)" };
        var threads = new Option<int?>("--threads") { Description = "Engine threads (overrides trial.threads)" };
        var seed = new Option<long?>("--seed") { Description = "Seed of every random source (overrides trial.seed)" };
        var command = new Command("train", "Train one trial from a trial file, printing a line per evaluation") { file, resume, dir, threads, seed };
        command.SetAction((parse, ct) => RunAsync(
            new TrainArgs(parse.GetValue(file)!, parse.GetValue(resume), parse.GetValue(dir), parse.GetValue(threads), parse.GetValue(seed)),
            WorkerTrainers.Create(TimeProvider.System),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            ct));
        return command;
    }

    /// <summary>Loads the trial file, runs its trainer, prints the outcome; returns the exit code.</summary>
    public static async Task<int> RunAsync(TrainArgs args, TrainerCatalog catalog, TextWriter output, TextWriter error, CancellationToken ct)
    {
        TrialFile trial;
        try
        {
            trial = TrialFile.Load(args.File, catalog);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitCodes.ConfigError;
        }

        if (args.Threads is < 1)
        {
            await error.WriteLineAsync("--threads: must be at least 1").ConfigureAwait(false);
            return ExitCodes.ConfigError;
        }

        string checkpoints = args.CheckpointDir is null ? trial.CheckpointDir : Path.GetFullPath(args.CheckpointDir);
        string last = Path.Combine(checkpoints, "last");
        var spec = new TrialSpec
        {
            TrialId = Path.GetFileNameWithoutExtension(args.File),
            Task = trial.Task,
            Settings = trial.Settings,
            Objective = trial.Objective,
            CheckpointDir = checkpoints,
            ResumeFrom = args.Resume && Directory.Exists(last) ? last : null,
            Threads = args.Threads ?? trial.Threads,
            Seed = args.Seed ?? trial.Seed,
        };
        ITrainer trainer = catalog.Find(spec.Task)!;
        await output.WriteLineAsync($"{spec.TrialId}: task {spec.Task}, seed {spec.Seed}, {spec.Threads} thread(s), checkpoints in {checkpoints}"
            + (spec.ResumeFrom is null ? "" : ", resuming")).ConfigureAwait(false);
        var reporter = new ConsoleReporter(output);
        TrialResult result = await trainer.RunAsync(spec, reporter, ct).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case TrialOutcome.Failed:
                await error.WriteLineAsync($"trial failed: {result.Error}").ConfigureAwait(false);
                return ExitCodes.Failed;
            case TrialOutcome.Cancelled:
                await output.WriteLineAsync($"interrupted; resume with: train {args.File} --resume").ConfigureAwait(false);
                return ExitCodes.Cancelled;
            default:
                await output.WriteLineAsync($"{result.Outcome.ToString().ToLowerInvariant()} after {reporter.Reports} evaluation(s)").ConfigureAwait(false);
                return ExitCodes.Ok;
        }
    }
}

/// <summary>Arguments of <c>train</c>.</summary>
internal sealed record TrainArgs(string File, bool Resume = false, string? CheckpointDir = null, int? Threads = null, long? Seed = null);
