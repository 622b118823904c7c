using System.Text.Json;

namespace SweepCluster.Training.Tasks;

/// <summary>Reads and validates <see cref="EngineSettings"/> from a trial's merged settings object.</summary>
internal static class EngineSettingsParser
{
    /// <summary>Engine task names.</summary>
    public static readonly string[] Tasks = ["classify", "language-model", "synthetic-majority", "synthetic-induction", "translate", "pretrain-span"];

    /// <summary>Keys of a trial file that are not task settings (read by the CLI, allowed everywhere).</summary>
    public static readonly string[] TrialKeys = ["task", "objective", "checkpoint_dir", "seed", "threads"];

    /// <summary>The settings, or null with every error (each naming its key) in <paramref name="errors"/>.</summary>
    public static EngineSettings? Parse(JsonElement settings, List<string> errors)
    {
        int before = errors.Count;
        var r = new SettingsReader(settings, "trial", errors);
        r.Allow(TrialKeys);
        string task = r.String("task", "classify", Tasks);
        int dModel = r.Int("d_model", 64, 1, 65536);
        int heads = r.Int("heads", 2, 1, 1024);
        if (dModel % heads != 0)
        {
            r.Error("heads", $"{heads} does not divide d_model {dModel}");
        }

        string positional = r.String("positional", "learned", "learned", "sinusoidal", "alibi", "rope", "none");
        if (positional == "rope" && (dModel / heads) % 2 != 0)
        {
            r.Error("positional", $"rope needs an even head width (d_model {dModel} / heads {heads})");
        }

        if (positional == "sinusoidal" && dModel % 2 != 0)
        {
            r.Error("positional", $"sinusoidal needs an even d_model ({dModel})");
        }

        string engine = r.String("engine", "cpu", "cpu", "torch");
        string device = ReadDevice(r, engine);
        var s = new EngineSettings
        {
            Task = task,
            Engine = engine,
            Device = device,
            Epochs = r.Int("epochs", 1, 1, 1_000_000),
            MaxSteps = r.Int("max_steps", task is "language-model" or "synthetic-induction" ? 500 : 0, 0),
            BatchSize = r.Int("batch_size", 16, 1, 65536),
            BlockSize = r.Int("block_size", 32, 2, 65536),
            EvalInterval = r.Int("eval_interval", 0, 0),
            EvalBatches = r.Int("eval_batches", 0, 0),
            Layers = r.Int("layers", 4, 0, 1024),
            Heads = heads,
            DModel = dModel,
            DFF = r.Int("d_ff", 4 * dModel, 1, 1 << 20),
            Dropout = r.Double("dropout", 0.1, 0, 1, maxExclusive: true),
            Positional = positional,
            Activation = r.String("activation", "gelu", "gelu", "relu"),
            Optimizer = r.String("optimizer", "adamw", "adamw", "adam", "sgd", "adagrad", "rmsprop"),
            Lr = r.Double("lr", 1e-3, 0),
            WeightDecay = r.Has("weight_decay") ? r.Double("weight_decay", 0, 0) : (double?)null,
            Momentum = r.Double("momentum", 0, 0, 1, maxExclusive: true),
            LrSchedule = r.String("lr_schedule", "constant", "constant", "cosine", "linear"),
            WarmupSteps = r.Int("warmup_steps", 0, 0),
            GradClip = r.Double("grad_clip", 0, 0),
            TiedHead = r.Bool("tied_head", false),
            Init = r.String("init", "normal", "normal", "pytorch"),
            ClassifierHidden = r.Int("classifier_hidden", 100, 1, 1 << 20),
            Pooling = r.String("pooling", task == "synthetic-majority" ? "first" : "mean", "mean", "first"),
        };
        if (r.Has("pooling") && !s.IsClassifier)
        {
            r.Error("pooling", $"applies to classification tasks only, not {task}");
        }

        if (s.TiedHead && (s.IsClassifier || s.IsSeq2Seq))
        {
            r.Error("tied_head", $"applies to language-model tasks only, not {task}");
        }

        s = ReadSeq2Seq(r, s);

        s = ReadData(r, s);
        s = ReadSynthetic(r, s);
        r.RejectUnknown();
        return errors.Count == before ? s : null;
    }

    /// <summary>Errors of <paramref name="settings"/> (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(JsonElement settings)
    {
        var errors = new List<string>();
        _ = Parse(settings, errors);
        return errors;
    }

    /// <summary>True for a valid <c>device</c> value: auto | cpu | cuda | cuda:N.</summary>
    public static bool IsDevice(string device) =>
        device is "auto" or "cpu" or "cuda"
        || (device.StartsWith("cuda:", StringComparison.Ordinal) && device.Length > 5 && device.Length <= 8
            && device.AsSpan(5).IndexOfAnyExceptInRange('0', '9') < 0);

    private static string ReadDevice(SettingsReader r, string engine)
    {
        if (!r.Has("device"))
        {
            return "auto";
        }

        string device = r.String("device", "auto");
        if (!IsDevice(device))
        {
            r.Error("device", $"'{device}' is not a device (expected auto | cpu | cuda | cuda:N)");
            return "auto";
        }

        if (engine == "cpu" && device is not ("auto" or "cpu"))
        {
            r.Error("device", $"{device} needs engine = torch (the cpu engine computes on the CPU only)");
        }

        return device;
    }

    private static EngineSettings ReadData(SettingsReader r, EngineSettings s)
    {
        SettingsReader? data = r.Object("data");
        if (data is not null)
        {
            s = s with
            {
                TrainPath = data.OptionalString("train"),
                ValidationPath = data.OptionalString("validation"),
                TestPath = data.OptionalString("test"),
                VocabFiles = ReadVocabFiles(data, s.Task),
            };
            data.RejectUnknown();
        }

        if (s.Task is "classify" or "language-model" or "pretrain-span" || (s.Task == "translate" && data is not null))
        {
            if (s.TrainPath is null)
            {
                r.Error("data.train", $"task {s.Task} needs a training file");
            }

            if (s.ValidationPath is null)
            {
                r.Error("data.validation", $"task {s.Task} needs a validation file");
            }
        }

        SettingsReader? tok = r.Object("tokenizer");
        if (tok is not null)
        {
            s = s with
            {
                Tokenizer = tok.String("type", "word", "word", "char"),
                MinFreq = tok.Int("min_freq", 1, 1),
                MaxVocab = tok.Int("max_vocab", 0, 0),
            };
            if (s.MaxVocab is 1 or 2)
            {
                tok.Error("max_vocab", $"{s.MaxVocab} leaves no room beside <pad> and <unk> (use 0 for no limit)");
            }

            tok.RejectUnknown();
        }

        return s;
    }

    private static EngineSettings ReadSeq2Seq(SettingsReader r, EngineSettings s)
    {
        s = s with
        {
            BeamSize = r.Int("beam_size", 1, 1, 64),
            LabelSmoothing = r.Double("label_smoothing", 0, 0, 1, maxExclusive: true),
            SharedVocab = r.Bool("shared_vocab", true),
            SpanFraction = r.Double("span_fraction", 0.15, 0, 1, maxExclusive: true),
            InitFrom = r.OptionalString("init_from") is { Length: > 0 } init ? init : null,
        };
        foreach (string key in (string[])["beam_size", "label_smoothing", "shared_vocab", "span_fraction"])
        {
            if (r.Has(key) && !s.IsSeq2Seq)
            {
                r.Error(key, $"applies to translate and pretrain-span only, not {s.Task}");
            }
        }

        if (s.Task == "pretrain-span" && !s.SharedVocab)
        {
            r.Error("shared_vocab", "pretrain-span reconstructs its own text: the vocabulary is shared");
        }

        if (s.IsSeq2Seq && s.Positional is "alibi" or "rope")
        {
            r.Error("positional", $"{s.Positional} is not supported by the encoder–decoder (learned | sinusoidal | none)");
        }

        return s;
    }

    private static string[] ReadVocabFiles(SettingsReader data, string task)
    {
        string[] files = data.StringList("vocab_files");
        if (files.Length > 0 && task is not ("classify" or "language-model"))
        {
            data.Error("vocab_files", $"applies to classify and language-model tasks only, not {task}");
        }

        return files;
    }

    private static EngineSettings ReadSynthetic(SettingsReader r, EngineSettings s)
    {
        SettingsReader? syn = r.Object("synthetic");
        SyntheticSettings d = SyntheticSettings.For(s.Task);
        if (syn is not null && s.Task == "translate" && s.TrainPath is not null)
        {
            r.Error("synthetic", "translate reads data.train; the synthetic task is used only without a data block");
        }

        SyntheticSettings o = syn is null ? d : new SyntheticSettings
        {
            Seed = syn.Long("seed", d.Seed),
            TrainSize = syn.Int("train_size", d.TrainSize, 1),
            ValidationSize = syn.Int("validation_size", d.ValidationSize, 1),
            SeqLen = syn.Int("seq_len", d.SeqLen, 2),
            Vocab = syn.Int("vocab", d.Vocab, 2, 1 << 20),
            Markers = syn.Int("markers", d.Markers, 2, 64),
        };
        if (s.Task == "synthetic-majority" && o.SeqLen < SyntheticTasks.MajorityMinLength)
        {
            syn?.Error("seq_len", $"{o.SeqLen} is too short for synthetic-majority (at least {SyntheticTasks.MajorityMinLength})");
        }
        else if (s.Task == "synthetic-majority" && s.BlockSize < o.SeqLen)
        {
            r.Error("block_size", $"{s.BlockSize} is shorter than synthetic.seq_len {o.SeqLen}: the sequences would be cut");
        }

        syn?.RejectUnknown();
        return s with { Synthetic = o };
    }
}
