using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Common;
using SweepCluster.Training.Data;
using SweepCluster.Training.Model;
using SweepCluster.Training.Optim;
using SweepCluster.Training.Tasks;
using SweepCluster.Training.Trainer;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SweepCluster.Training.Torch;

/// <summary>
/// <see cref="TorchTransformer"/> with <see cref="TorchOptimizer"/>, the engine's learning-rate schedule and global-norm
/// clipping, as an <see cref="ITaskModel"/>: <see cref="TrainingRun"/> drives it exactly as the CPU engine's model, so
/// batches, evaluation cadence, metrics, checkpoints and the stop/resume protocol are the same code. Checkpoint views
/// are host copies (the live tensors may be on a GPU): read on demand, written back by <see cref="StateWritten"/>.
/// Dropout masks come from a LibTorch generator re-seeded every step from the engine's dropout stream (the 4-word state
/// kept in checkpoints), so a resumed run repeats the masks; they differ from the CPU engine's masks.
/// </summary>
internal sealed class TorchTaskModel : ITaskModel
{
    private readonly TorchTransformer _net;
    private readonly TorchOptimizer _optimizer;
    private readonly LearningRateSchedule _schedule;
    private readonly double _clip;
    private readonly bool _classifier;
    private readonly Device _device;
    private readonly Xoshiro256 _dropRng;
    private readonly Dictionary<string, float[]> _mirrors = new(StringComparer.Ordinal);
    private readonly List<(float[] Host, Tensor Live)> _views = [];
    private float[][] _lastAttention = [];

    /// <summary>Builds the model on <paramref name="device"/> (a LibTorch device string).</summary>
    public TorchTaskModel(ModelRequest r, string device)
    {
        TorchProbe.EnsureUsable();
        EngineSettings s = r.Settings;
        _classifier = s.IsClassifier;
        _device = torch.device(device);
        torch.set_num_threads(Math.Max(1, r.Threads));
        Device = device;
        _net = new TorchTransformer(TransformerTaskModel.ToConfig(s, r.Vocab, r.Classes), _device, unchecked((ulong)r.Seed));
        _dropRng = new Xoshiro256(_net.InitialDropoutState);
        Tensor[] ordered = [.. _net.Names.Select(n => _net.Params[n])];
        _optimizer = new TorchOptimizer(OptimizerConfigOf(s), ordered);
        _schedule = new LearningRateSchedule
        {
            Kind = s.LrSchedule switch
            {
                "cosine" => ScheduleKind.WarmupCosine,
                "linear" => ScheduleKind.LinearDecay,
                _ => ScheduleKind.Constant,
            },
            BaseRate = s.Lr,
            WarmupSteps = s.WarmupSteps,
            TotalSteps = (int)Math.Min(int.MaxValue, Math.Max(1, r.TotalSteps)),
        };
        _clip = s.GradClip;
        Parameters = [.. _net.Names.Select((n, i) => View(n, _net.Shapes[i], ordered[i]))];
        OptimizerState =
        [
            .. _optimizer.StateNames.SelectMany(state => _net.Names.Select((n, i) =>
                View($"{state}.{n}", _net.Shapes[i], _optimizer.State(state, i)))),
        ];
    }

    /// <summary>The LibTorch device computed on (cpu, cuda:N).</summary>
    public string Device { get; }

    /// <inheritdoc/>
    public long ParameterCount => _net.ParameterCount;

    /// <inheritdoc/>
    public IReadOnlyList<NamedTensor> Parameters { get; }

    /// <inheritdoc/>
    public IReadOnlyList<NamedTensor> OptimizerState { get; }

    /// <inheritdoc/>
    public long OptimizerStep
    {
        get => _optimizer.StepCount;
        set => _optimizer.StepCount = value;
    }

    /// <inheritdoc/>
    public ulong[] DropoutRngState
    {
        get => RngWords.Of(_dropRng.State);
        set => _dropRng.State = RngWords.State(value);
    }

    /// <summary>The optimizer configuration of engine settings <paramref name="s"/> (as the CPU engine's).</summary>
    public static OptimizerConfig OptimizerConfigOf(EngineSettings s) => new()
    {
        Kind = s.Optimizer switch
        {
            "adam" => OptimizerKind.Adam,
            "sgd" => OptimizerKind.Sgd,
            "adagrad" => OptimizerKind.Adagrad,
            "rmsprop" => OptimizerKind.RmsProp,
            _ => OptimizerKind.AdamW,
        },
        WeightDecay = s.WeightDecay is { } wd ? (float)wd : null,
        Momentum = (float)s.Momentum,
    };

    /// <inheritdoc/>
    public double TrainStep(Batch batch)
    {
        using var scope = NewDisposeScope();
        foreach (Tensor p in _net.Params.Values)
        {
            using Tensor? g = p.grad;
            g?.zero_();
        }

        Func<long[], Tensor>? dropout = null;
        using Generator? gen = _net.Config.Dropout > 0 ? new Generator(_dropRng.NextUInt64(), _device) : null;
        if (gen is not null)
        {
            float p = _net.Config.Dropout;
            dropout = shape => rand(shape, ScalarType.Float32, _device, generator: gen).ge(p).to(ScalarType.Float32) * (1f / (1f - p));
        }

        CheckLabels(batch);
        (Tensor ids, Tensor targets) = Upload(batch);
        Tensor logits = _net.Forward(ids, dropout, null);

        // no labelled row: loss 0 and zero gradients, and the optimizer still steps (as the CPU engine)
        bool any = batch.Targets.Any(t => t >= 0);
        Tensor loss = any ? F.cross_entropy(logits, targets, ignore_index: -1) : logits.sum() * 0f;
        loss.backward();
        double value = any ? loss.item<float>() : 0;
        if (_clip > 0)
        {
            Clip();
        }

        _optimizer.Step(_schedule.Rate((int)Math.Min(int.MaxValue, _optimizer.StepCount)));
        return value;
    }

    /// <inheritdoc/>
    public EvalTotals Evaluate(Batch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        CheckLabels(batch);
        (Tensor ids, Tensor targets) = Upload(batch);
        var attention = new List<Tensor>();
        Tensor logits = _net.Forward(ids, null, attention);
        Tensor losses = F.cross_entropy(logits, targets.clamp_min(0), reduction: nn.Reduction.None);
        float[] perRow = losses.cpu().data<float>().ToArray();
        long[] argmax = logits.argmax(1).cpu().data<long>().ToArray();
        double sum = 0;
        long n = 0, correct = 0;
        for (int i = 0; i < batch.Targets.Length; i++)
        {
            if (batch.Targets[i] >= 0)
            {
                sum += perRow[i];
                n++;
                correct += argmax[i] == batch.Targets[i] ? 1 : 0;
            }
        }

        _lastAttention = [.. attention.Select(a => a.select(0, 0).contiguous().cpu().data<float>().ToArray())];
        return new EvalTotals(sum, n, correct);
    }

    /// <inheritdoc/>
    public IReadOnlyList<float[]> LastAttention() => _lastAttention;

    /// <inheritdoc/>
    public void StateWritten()
    {
        using var noGrad = no_grad();
        foreach ((float[] host, Tensor live) in _views)
        {
            using Tensor src = tensor(host, live.shape);
            live.copy_(src);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _optimizer.Dispose();
        _net.Dispose();
    }

    private NamedTensor View(string name, int[] shape, Tensor live)
    {
        float[] host = new float[shape.Aggregate(1, (a, d) => a * d)];
        _mirrors[name] = host;
        _views.Add((host, live));
        return new NamedTensor(name, shape, () =>
        {
            using Tensor cpu = live.detach().cpu();
            cpu.data<float>().ToArray().CopyTo(host, 0);
            return host;
        });
    }

    private (Tensor Ids, Tensor Targets) Upload(Batch batch)
    {
        foreach (int id in batch.Tokens)
        {
            if ((uint)id >= (uint)_net.Config.Vocab)
            {
                throw new ArgumentException($"token id {id} is outside the vocabulary [0, {_net.Config.Vocab}).");
            }
        }

        Tensor ids = tensor(batch.Tokens.Select(i => (long)i).ToArray(), [batch.Size, batch.Length]).to(_device);
        Tensor targets = tensor(batch.Targets.Select(i => (long)i).ToArray(), [batch.Targets.Length]).to(_device);
        return (ids, targets);
    }

    private void CheckLabels(Batch batch)
    {
        if (_classifier && batch.Targets.Any(l => l >= _net.Config.Classes))
        {
            throw new ArgumentException($"label {batch.Targets.Max()} is outside [0, {_net.Config.Classes}).");
        }
    }

    // as GradientClipping.ClipByGlobalNorm: the norm in double, scaled by min(1, max / (norm + 1e-6))
    private void Clip()
    {
        using var noGrad = no_grad();
        double sum = 0;
        var grads = new List<Tensor>();
        foreach (Tensor p in _net.Params.Values)
        {
            Tensor? g = p.grad;
            if (g is not null)
            {
                grads.Add(g);
                sum += g.to(ScalarType.Float64).square().sum().item<double>();
            }
        }

        double coef = _clip / (Math.Sqrt(sum) + 1e-6);
        foreach (Tensor g in grads)
        {
            if (coef < 1.0)
            {
                g.mul_((float)coef);
            }

            g.Dispose();
        }
    }
}
