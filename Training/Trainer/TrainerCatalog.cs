using System.Text.Json;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// Task name → trainer, and the plan-time validator of a trial's merged settings. The engine tasks and <c>noop</c> are
/// registered by <see cref="Create"/>; other trainers (e.g. <c>command</c>) add one <see cref="Register"/> line there.
/// </summary>
internal sealed class TrainerCatalog
{
    private readonly Dictionary<string, (Func<ITrainer> Create, Func<JsonElement, IReadOnlyList<string>> Validate)> _tasks =
        new(StringComparer.Ordinal);

    /// <summary>Registered task names, sorted.</summary>
    public IReadOnlyList<string> Tasks => [.. _tasks.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The catalog of every built-in task on the engine's transformer and the system clock.</summary>
    public static TrainerCatalog CreateDefault() => Create(TransformerModelFactory.Instance, TimeProvider.System);

    /// <summary>
    /// The catalog of every built-in task, with engine models from <paramref name="models"/> and, for
    /// <c>engine = torch</c> trials, from <paramref name="torch"/> (null: such trials are refused at validation).
    /// </summary>
    public static TrainerCatalog Create(ITaskModelFactory models, TimeProvider time, IEngineModels? torch = null)
    {
        var catalog = new TrainerCatalog();
        var engine = new EngineTrainer(models, time, torch);
        foreach (string task in EngineSettingsParser.Tasks)
        {
            catalog.Register(task, () => engine, settings => ValidateEngine(settings, torch));
        }

        catalog.Register("noop", () => new NoopTrainer(), NoopTrainer.Validate);
        catalog.Register("function", () => new FunctionTrainer(), FunctionTrainer.Validate);
        catalog.Register("command", () => new Command.CommandTrainer(time: time), Command.CommandTrainer.Validate);
        return catalog;
    }

    /// <summary>The engine settings' errors, or that their engine cannot run in this process.</summary>
    private static IReadOnlyList<string> ValidateEngine(JsonElement settings, IEngineModels? torch)
    {
        var errors = new List<string>();
        EngineSettings? s = EngineSettingsParser.Parse(settings, errors);
        return s is not null && EngineTrainer.Unavailable(s, torch) is { } why ? [why] : errors;
    }

    /// <summary>Adds (or replaces) a task.</summary>
    public void Register(string task, Func<ITrainer> create, Func<JsonElement, IReadOnlyList<string>> validate) =>
        _tasks[task] = (create, validate);

    /// <summary>The trainer for <paramref name="task"/>, or null when no such task is registered.</summary>
    public ITrainer? Find(string task) => _tasks.TryGetValue(task, out var entry) ? entry.Create() : null;

    /// <summary>
    /// Errors of a merged settings object (empty when valid), each naming its key, e.g.
    /// <c>trial.heads: 3 does not divide d_model 64</c>. The task is the settings' <c>task</c> key.
    /// </summary>
    public IReadOnlyList<string> Validate(JsonElement settings)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            return ["trial: expected an object"];
        }

        if (!settings.TryGetProperty("task", out JsonElement t) || t.ValueKind != JsonValueKind.String)
        {
            return [$"trial.task: required, one of {string.Join(" | ", Tasks)}"];
        }

        string task = t.GetString()!;
        return _tasks.TryGetValue(task, out var entry)
            ? entry.Validate(settings)
            : [$"trial.task: unknown task '{task}' (expected one of {string.Join(" | ", Tasks)})"];
    }
}
