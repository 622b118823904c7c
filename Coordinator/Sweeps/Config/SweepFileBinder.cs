using SweepCluster.Coordinator.Hocon;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>Binds a resolved sweep document to <see cref="SweepFile"/>, validating every key.</summary>
internal static class SweepFileBinder
{
    /// <summary>Binds <paramref name="root"/>; <paramref name="defaultName"/> names the sweep when <c>sweep.name</c> is absent.</summary>
    public static SweepFile Bind(HoconObject root, string defaultName)
    {
        var reader = new ConfigReader(root, "");
        var sweep = reader.Child("sweep") ?? throw ConfigException.At(root.Origin, "sweep: missing required block (sweep { ... })");
        var cluster = reader.Child("cluster");
        reader.RejectUnknown();
        return new SweepFile(BindSweep(sweep, defaultName), cluster is null ? new ClusterConfig() : BindCluster(cluster));
    }

    private static SweepConfig BindSweep(ConfigReader r, string defaultName)
    {
        var name = r.String("name") ?? defaultName;
        var objectiveReader = r.Child("objective");
        var objective = BindObjective(objectiveReader);
        var search = SearchBinder.BindSearch(r.Child("search"));
        var trialObject = r.Child("trial") ?? throw r.Missing("trial", "the fixed settings of every trial: trial { task = ..., ... }");
        var trial = TrialSettingsBinder.Bind(trialObject.Object, trialObject.Path);
        var task = trial.GetProperty("task").GetString()!;
        CheckObjective(objectiveReader, objective, task);
        var allowed = TrialSettingsBinder.EngineTasks.Contains(task) ? TrialSettingsBinder.EngineScalarKeys : null;
        var space = SpaceBinder.BindSpace(r.Child("space"), allowed, search.Algorithm);
        var constraints = SpaceBinder.BindConstraints(r.List("constraints"), r.PathOf("constraints"), space);
        var config = new SweepConfig
        {
            Name = name,
            Objective = objective,
            Search = search,
            Space = space,
            Constraints = constraints,
            Trial = trial,
            Scheduler = SearchBinder.BindScheduler(r.Child("scheduler"), space),
            Budget = BindBudget(r.Child("budget")),
            Checkpoints = BindCheckpoints(r.Child("checkpoints")),
            Resources = BindResources(r.Child("resources")),
        };
        r.RejectUnknown();
        return config;
    }

    private static ObjectiveSpec BindObjective(ConfigReader? r)
    {
        if (r is null)
        {
            return new SweepConfig().Objective;
        }

        var metric = r.String("metric") ?? throw r.Missing("metric", "the reported metric to optimise, e.g. val_accuracy");
        var mode = r.Enum<ObjectiveMode>("mode") ?? throw r.Missing("mode", "min or max");
        r.RejectUnknown();
        return new ObjectiveSpec(metric, mode);
    }

    /// <summary>An engine task's objective must be a metric it reports (else every trial would rank on nothing).</summary>
    private static void CheckObjective(ConfigReader? r, ObjectiveSpec objective, string task)
    {
        if (r is null || EngineMetrics.Of(task) is not { } reported || reported.Contains(objective.Metric))
        {
            return;
        }

        var hint = DidYouMean.Suggest(objective.Metric, reported);
        throw ConfigReader.Error(r.Object["metric"]!, r.PathOf("metric"),
            $"task {task} does not report {objective.Metric}{hint}; it reports {string.Join(", ", reported)}");
    }

    private static BudgetConfig BindBudget(ConfigReader? r)
    {
        var d = new BudgetConfig();
        if (r is null)
        {
            return d;
        }

        var budget = new BudgetConfig
        {
            MaxTrials = r.Int("max_trials", 1),
            MaxConcurrent = r.Int("max_concurrent", 1),
            MaxTime = r.Duration("max_time"),
            MaxFailuresPerTrial = r.Int("max_failures_per_trial", 0) ?? d.MaxFailuresPerTrial,
        };
        r.RejectUnknown();
        return budget;
    }

    private static CheckpointsConfig BindCheckpoints(ConfigReader? r)
    {
        if (r is null)
        {
            return new CheckpointsConfig();
        }

        var checkpoints = new CheckpointsConfig { KeepBest = r.Int("keep_best", 0) ?? new CheckpointsConfig().KeepBest };
        r.RejectUnknown();
        return checkpoints;
    }

    private static ResourcesConfig BindResources(ConfigReader? r)
    {
        var d = new ResourcesConfig();
        if (r is null)
        {
            return d;
        }

        var resources = new ResourcesConfig
        {
            GpusPerTrial = r.Int("gpus_per_trial", 0) ?? d.GpusPerTrial,
            CpuThreads = r.Int("cpu_threads", 1) ?? d.CpuThreads,
        };
        r.RejectUnknown();
        return resources;
    }

    private static ClusterConfig BindCluster(ConfigReader r)
    {
        var d = new ClusterConfig();
        var cluster = new ClusterConfig
        {
            Storage = r.String("storage") ?? d.Storage,
            Listen = r.String("listen") ?? d.Listen,
            LocalWorkers = r.Int("local_workers", 0),
            CheckpointDir = r.String("checkpoint_dir") ?? d.CheckpointDir,
            LeaseTtl = r.Duration("lease_ttl") ?? d.LeaseTtl,
            HeartbeatInterval = r.Duration("heartbeat_interval") ?? d.HeartbeatInterval,
            WorkerToken = r.String("worker_token"),
            AdminToken = r.String("admin_token"),
        };
        if (cluster.LeaseTtl <= TimeSpan.Zero || cluster.HeartbeatInterval <= TimeSpan.Zero)
        {
            throw r.Error(cluster.LeaseTtl <= TimeSpan.Zero ? "lease_ttl" : "heartbeat_interval", "must be positive");
        }

        r.RejectUnknown();
        return cluster;
    }
}
