using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Config;

public sealed class SweepFileLoaderTests
{
    private const string Full = """
        sweep {
          name = pa2-encoder
          objective { metric = val_accuracy, mode = max }
          search { algorithm = random, samples = 40, seed = 7 }
          space {
            layers    = [2, 4, 6]
            optimizer = [adamw, sgd, adagrad]
            lr        = { loguniform = [1e-4, 1e-2] }
            warmup_steps = { int = [0, 100], step = 50 }
            dropout   = { uniform = [0.0, 0.3] }
          }
          constraints = ["layers <= 4 || optimizer == 'adamw'"]
          trial { task = classify, epochs = 15, batch_size = 16, data { train = data/train.tsv, validation = /abs/val.tsv } }
          scheduler { type = asha, time_attr = epoch, grace = 2, reduction_factor = 4, max_t = 15 }
          budget { max_trials = 200, max_concurrent = 4, max_time = 2h, max_failures_per_trial = 1 }
          checkpoints { keep_best = 5 }
          resources { gpus_per_trial = 1, cpu_threads = 2 }
        }
        cluster {
          storage = "sqlite:x.db", listen = "http://0.0.0.0:6000", local_workers = 0, checkpoint_dir = out
          lease_ttl = 2 minutes, heartbeat_interval = 5s, worker_token = ${?TOKEN}
        }
        """;

    private static SweepFile Load(string text, Func<string, string?>? env = null) =>
        SweepFileLoader.LoadText(text, "sweep.hocon", new HoconOptions { Environment = env }, "/work/sweeps");

    private static string Error(string text) => Assert.Throws<ConfigException>(() => Load(text)).Message;

    [Fact]
    public void LoadText_CommandWorkingDir_RelativeToTheFilesFolder()
    {
        var relative = Load("sweep { space { x = [1] }, trial { task = command, command = [\"./t\"], working_dir = pytorch } }", _ => null);
        var absolute = Load("sweep { space { x = [1] }, trial { task = command, command = [\"./t\"], working_dir = /opt/t } }", _ => null);

        Assert.Equal(Path.GetFullPath("/work/sweeps/pytorch"), relative.Sweep.Trial.GetProperty("working_dir").GetString());
        Assert.Equal("/opt/t", absolute.Sweep.Trial.GetProperty("working_dir").GetString());
    }

    [Fact]
    public void LoadText_FullFile_BindsEveryBlock()
    {
        var file = Load(Full, name => name == "TOKEN" ? "t0k" : null);
        var s = file.Sweep;

        Assert.Equal("pa2-encoder", s.Name);
        Assert.Equal(new ObjectiveSpec("val_accuracy", ObjectiveMode.Max), s.Objective);
        Assert.Equal(new SearchConfig { Algorithm = SearchAlgorithm.Random, Samples = 40, Seed = 7 }, s.Search);
        Assert.Equal(["layers", "optimizer", "lr", "warmup_steps", "dropout"], s.Space.Select(p => p.Name));
        Assert.Equal(DistributionKind.LogUniform, s.Space[2].Kind);
        Assert.Equal((1e-4, 1e-2), (s.Space[2].Low, s.Space[2].High));
        Assert.Equal([0, 50, 100], s.Space[3].Enumerate().Select(v => v.GetInt32()));
        Assert.Equal("layers <= 4 || optimizer == 'adamw'", Assert.Single(s.Constraints).Text);
        Assert.Equal("classify", s.Task);
        Assert.Equal(15, s.Trial.GetProperty("epochs").GetInt32());
        Assert.Equal(Path.GetFullPath("/work/sweeps/data/train.tsv"), s.Trial.GetProperty("data").GetProperty("train").GetString());
        Assert.Equal("/abs/val.tsv", s.Trial.GetProperty("data").GetProperty("validation").GetString());
        Assert.Equal(new SchedulerConfig { Type = SchedulerType.Asha, TimeAttr = TimeAttribute.Epoch, Grace = 2, ReductionFactor = 4, MaxT = 15 }, s.Scheduler);
        Assert.Equal(new BudgetConfig { MaxTrials = 200, MaxConcurrent = 4, MaxTime = TimeSpan.FromHours(2), MaxFailuresPerTrial = 1 }, s.Budget);
        Assert.Equal(5, s.Checkpoints.KeepBest);
        Assert.Equal(new ResourcesConfig { GpusPerTrial = 1, CpuThreads = 2 }, s.Resources);
        Assert.Equal(
            new ClusterConfig
            {
                Storage = "sqlite:x.db", Listen = "http://0.0.0.0:6000", LocalWorkers = 0, CheckpointDir = "out",
                LeaseTtl = TimeSpan.FromMinutes(2), HeartbeatInterval = TimeSpan.FromSeconds(5), WorkerToken = "t0k",
            },
            file.Cluster);
    }

    [Fact]
    public void LoadText_Minimal_Defaults()
    {
        var file = Load("sweep { trial { task = noop } }");

        Assert.Equal("sweep", file.Sweep.Name);
        Assert.Equal(new SchedulerConfig(), file.Sweep.Scheduler);
        Assert.Equal(TimeAttribute.Evaluation, file.Sweep.Scheduler.TimeAttr);
        Assert.Equal(3, file.Sweep.Scheduler.ReductionFactor);
        Assert.Null(file.Sweep.Scheduler.MaxT);
        Assert.Equal(2, file.Sweep.Budget.MaxFailuresPerTrial);
        Assert.Equal(new ClusterConfig(), file.Cluster);
        Assert.Equal("sqlite:sweeps.db", file.Cluster.Storage);
        Assert.Null(file.Cluster.WorkerToken);
    }

    [Fact]
    public void LoadText_EnvironmentOverride_ReplacesDefaultInFile()
    {
        var text = "sweep { trial { task = noop } }\ncluster { storage = \"sqlite:a.db\", storage = ${?SWEEP_STORAGE} }";

        Assert.Equal("sqlite:a.db", Load(text).Cluster.Storage);
        Assert.Equal("postgres:x", Load(text, n => n == "SWEEP_STORAGE" ? "postgres:x" : null).Cluster.Storage);
    }

    [Fact]
    public void LoadText_UnknownSpaceKey_SuggestsTrialSetting()
    {
        Assert.Equal(
            "sweep.hocon:1:9: sweep.space.haeds: unknown key (did you mean heads?)\n  sweep { space { haeds = [2, 4] }, trial { task = classify } }\n          ^".Replace("1:9", "1:17").Replace("\n          ^", "\n                  ^"),
            Error("sweep { space { haeds = [2, 4] }, trial { task = classify } }"));
    }

    [Fact]
    public void LoadText_UnknownBlockKey_SuggestsClosest()
    {
        Assert.StartsWith("sweep.hocon:2:11: sweep.budget.max_trails: unknown key (did you mean max_trials?)",
            Error("sweep { trial { task = noop }\n budget { max_trails = 3 } }"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_UnknownTopLevelKey_SuggestsClosest()
    {
        Assert.StartsWith("sweep.hocon:2:1: clutser: unknown key (did you mean cluster?)",
            Error("sweep { trial { task = noop } }\nclutser { }"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_NestedSettingsInSpace_DottedParameterNames()
    {
        var file = Load("sweep { trial { task = synthetic-majority }\nspace { synthetic { seq_len = [8, 16] }, \"tokenizer.min_freq\" = [1, 2], layers = [1] }\nconstraints = [\"synthetic.seq_len > 8\"] }");

        Assert.Equal(["synthetic.seq_len", "tokenizer.min_freq", "layers"], file.Sweep.Space.Select(p => p.Name));
        Assert.Equal(2, SweepCluster.Coordinator.Sweeps.Planning.SweepPlanner.Plan(file.Sweep).Total);
    }

    [Fact]
    public void LoadText_UnknownNestedSetting_SuggestsDottedName()
    {
        Assert.StartsWith("sweep.hocon:2:21: sweep.space.synthetic.seq_lne: unknown key (did you mean synthetic.seq_len?)",
            Error("sweep { trial { task = synthetic-majority }\nspace { synthetic { seq_lne = [8] } } }"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_CommandTask_AnySpaceNames()
    {
        var file = Load("sweep { space { anything = [1, 2] }, trial { task = command, command = [python3, train.py] } }");

        Assert.Equal("anything", Assert.Single(file.Sweep.Space).Name);
    }

    [Fact]
    public void LoadText_WrongType_NamesPathAndExpectedType()
    {
        Assert.StartsWith("sweep.hocon:1:54: sweep.budget.max_trials: expected an integer, found string \"lots\"",
            Error("sweep { trial { task = noop }, budget { max_trials = lots } }"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_BadEnum_ListsChoicesAndSuggests()
    {
        Assert.StartsWith("sweep.hocon:1:53: sweep.search.algorithm: expected one of grid, random, tpe, found \"gird\" (did you mean grid?)",
            Error("sweep { trial { task = noop }, search { algorithm = gird } }"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_MissingTask_Error()
    {
        Assert.StartsWith("sweep.hocon:1:15: sweep.trial.task: missing required key",
            Error("sweep { trial { epochs = 1 } }"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_TaskNotString_Error()
    {
        Assert.StartsWith("sweep.hocon:1:24: sweep.trial.task: expected a string, found object",
            Error("sweep { trial { task = { a = 1 } } }"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_MissingSweepBlock_Error()
    {
        Assert.StartsWith("sweep.hocon:1:1: sweep: missing required block", Error("cluster { }"), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_ConstraintUnknownName_ErrorAtLoad()
    {
        Assert.Equal(
            "sweep.hocon:3:27: sweep.constraints[0]: unknown name 'haeds' (did you mean heads?) (a constraint can use the swept parameters) in \"d_model % haeds == 0\"\n  constraints = [\"d_model % haeds == 0\"] }\n                            ^",
            Error("sweep { trial { task = classify }\nspace { heads = [2, 4], d_model = [64] }\nconstraints = [\"d_model % haeds == 0\"] }"));
    }

    [Fact]
    public void LoadText_ConstraintSyntaxError_NamesColumn()
    {
        Assert.Equal(
            "sweep.hocon:3:27: sweep.constraints[0]: expected an operand, found '%' at column 11 in \"d_model % % 2\"\n  constraints = [\"d_model % % 2\"] }\n                            ^",
            Error("sweep { trial { task = classify }\nspace { d_model = [64] }\nconstraints = [\"d_model % % 2\"] }"));
    }

    [Fact]
    public void LoadText_ContinuousInGrid_SaysSo()
    {
        Assert.Equal(
            "sweep.hocon:2:14: sweep.space.lr: loguniform is a continuous distribution and cannot be used in a grid search (give a list of values, or use search.algorithm = random)\n  space { lr = { loguniform = [1e-4, 1e-2] } } }\n               ^",
            Error("sweep { trial { task = classify }\nspace { lr = { loguniform = [1e-4, 1e-2] } } }"));
    }

    [Theory]
    [InlineData("{ uniform = [0.5, 0.1] }", "sweep.space.lr.uniform: bounds must satisfy low < high, found [0.5, 0.1]")]
    [InlineData("{ loguniform = [0, 0.1] }", "sweep.space.lr.loguniform: bounds must satisfy 0 < low < high, found [0, 0.1]")]
    [InlineData("{ int = [1.5, 3] }", "sweep.space.lr.int: bounds must be integers with low <= high, found [1.5, 3]")]
    [InlineData("{ uniform = [1] }", "sweep.space.lr.uniform: expected two numbers [low, high], found [1]")]
    [InlineData("{ int = [1, 3], step = 0 }", "sweep.space.lr.step: must be at least 1, found 0")]
    [InlineData("{ uniform = [0, 1], int = [1, 2] }", "sweep.space.lr: give one distribution, found uniform and int")]
    [InlineData("{ unifrom = [0, 1] }", "sweep.space.lr.unifrom: unknown key (did you mean uniform?)")]
    [InlineData("[]", "sweep.space.lr: expected at least one value, found an empty list")]
    [InlineData("0.1", "sweep.space.lr: expected a list of values or a distribution ({ choice = [...] }, { uniform = [a, b] }, { loguniform = [a, b] }, { int = [a, b], step = n }), found number 0.1")]
    public void LoadText_BadDistribution_ExactMessage(string distribution, string message)
    {
        var text = $"sweep {{ trial {{ task = classify }}, search {{ algorithm = random }}\nspace {{ lr = {distribution} }} }}";

        var error = Error(text);

        Assert.Contains($": {message}\n", error, StringComparison.Ordinal);
        Assert.StartsWith("sweep.hocon:2:", error, StringComparison.Ordinal);
    }
}
