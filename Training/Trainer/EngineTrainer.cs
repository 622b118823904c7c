using SweepCluster.Messages;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Tokenizers;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Trains the engine tasks (classify, language-model, synthetic-majority, synthetic-induction): validates the settings,
/// loads the data, builds the model, resumes from <see cref="TrialSpec.ResumeFrom"/> when given, and runs
/// <see cref="TrainingRun"/>. Every failure (bad settings, missing data, corrupt checkpoint, crash) is returned.
/// <c>engine = torch</c> trials get their models from <paramref name="torch"/> (null: this process has no torch engine).
/// </summary>
internal sealed class EngineTrainer(ITaskModelFactory models, TimeProvider time, IEngineModels? torch = null) : ITrainer
{
    /// <summary>Why <paramref name="settings"/> cannot train in a process whose torch engine is <paramref name="torch"/>, or null.</summary>
    public static string? Unavailable(EngineSettings settings, IEngineModels? torch) =>
        settings.Engine == "cpu" ? null
        : torch is null ? $"trial.engine: {settings.Engine} is not available in this process (it trains on the cpu engine only); "
            + "run engine = torch trials on a GpuWorker, whose image ships TorchSharp (docs/torch.md), or set engine = cpu"
        : torch.Unavailable(settings) is { } why ? $"trial.engine: {settings.Engine}: {why}" : null;

    /// <inheritdoc/>
    public async Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct)
    {
        var errors = new List<string>();
        EngineSettings? settings = EngineSettingsParser.Parse(spec.Settings, errors);
        if (settings is null)
        {
            return new TrialResult(TrialOutcome.Failed, null, string.Join("; ", errors));
        }

        if (Unavailable(settings, torch) is { } unavailable)
        {
            return new TrialResult(TrialOutcome.Failed, null, unavailable);
        }

        try
        {
            return await Task.Run(() => RunCoreAsync(spec, settings, reporter, ct), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DataException or CheckpointException)
        {
            return new TrialResult(TrialOutcome.Failed, null, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new TrialResult(TrialOutcome.Failed, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Creates the model for <paramref name="settings"/> over <paramref name="data"/>.</summary>
    public static ModelRequest Request(EngineSettings settings, TaskData data, int threads, long seed) =>
        new(settings, data.Vocab.Count, data.Labels?.Count ?? 0, settings.BatchSize, Math.Max(1, threads), seed, TrainingRun.Plan(settings, data).TotalSteps,
            data.TargetVocab?.Count ?? 0);

    private async Task<TrialResult> RunCoreAsync(TrialSpec spec, EngineSettings settings, ITrialReporter reporter, CancellationToken ct)
    {
        LoadedCheckpoint? resume = spec.ResumeFrom is null ? null : CheckpointStore.Read(spec.ResumeFrom);
        LoadedCheckpoint? init = resume is not null || settings.InitFrom is null ? null : CheckpointStore.Read(settings.InitFrom);
        LoadedCheckpoint? vocabFrom = resume ?? init;
        TaskData data = vocabFrom is null
            ? TaskDataLoader.Load(settings)
            : TaskDataLoader.Load(
                settings,
                new Vocabulary(vocabFrom.State.Vocabulary),
                resume is not null && resume.State.Labels.Count > 0 ? new LabelMap(resume.State.Labels) : null,
                vocabFrom.State.TargetVocabulary.Count > 0 ? new Vocabulary(vocabFrom.State.TargetVocabulary) : null);
        ITaskModelFactory factory = settings.Engine == "torch" && torch is not null ? torch : models;
        using ITaskModel model = factory.Create(Request(settings, data, spec.Threads, spec.Seed) with { Gpus = spec.Gpus });
        string closedForm = settings.IsSeq2Seq ? "" : $" (closed form {ParameterCount.ClosedForm(settings, data.Vocab.Count, data.Labels?.Count ?? 0)})";
        reporter.Log($"{settings.Task}: vocabulary {data.Vocab.Count}, {model.ParameterCount} parameters{closedForm}");
        if (init is not null)
        {
            var (copied, fresh, unused) = InitFrom.Copy(model.Parameters, init.Parameters, Path.Combine(init.Directory, CheckpointStore.ModelFileName));
            reporter.Log($"init_from {settings.InitFrom} (trial {init.State.TrialId}, task {init.State.Task}, step {init.State.Step}): "
                + $"{copied.Count} tensors copied, fresh: [{string.Join(", ", fresh)}], unused: [{string.Join(", ", unused)}]");
        }

        var run = new TrainingRun(spec, settings, data, model, reporter, time);
        if (resume is not null)
        {
            run.Restore(resume);
            reporter.Log($"resumed from {spec.ResumeFrom} at step {resume.State.Step}");
        }

        return await run.RunAsync(ct).ConfigureAwait(false);
    }
}
