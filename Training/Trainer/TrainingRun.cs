using System.Diagnostics;
using SweepCluster.Messages;
using SweepCluster.Training.Checkpoints;
using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Trainer;

/// <summary>
/// The training loop of one engine trial: batches in a seeded order, an evaluation every <c>eval_interval</c> steps
/// (or per epoch), <c>last/</c> written before each report, <c>best/</c> by the objective, stop and cancellation
/// honoured between steps (after writing <c>last/</c>). All loop state is in the checkpoint, so a resumed run produces
/// bitwise the same metrics as an uninterrupted one.
/// </summary>
internal sealed class TrainingRun
{
    private readonly TrialSpec _spec;
    private readonly EngineSettings _s;
    private readonly TaskData _data;
    private readonly ITaskModel _model;
    private readonly ITrialReporter _reporter;
    private readonly TimeProvider _time;
    private readonly DataRng _rng;
    private readonly List<MetricRecord> _history = [];
    private readonly int _stepsPerEpoch;
    private readonly long _totalSteps;
    private long _step;
    private int _epoch;
    private int _batchInEpoch;
    private ulong _epochRngState;
    private int[] _order = [];
    private double _lossSum;
    private long _lossCount;
    private double? _best;
    private double _elapsedBefore;
    private long _tokens;

    /// <summary>Prepares a fresh run (step 0).</summary>
    public TrainingRun(TrialSpec spec, EngineSettings settings, TaskData data, ITaskModel model, ITrialReporter reporter, TimeProvider time)
    {
        (_spec, _s, _data, _model, _reporter, _time) = (spec, settings, data, model, reporter, time);
        _rng = new DataRng(unchecked((ulong)spec.Seed) ^ 0x5DEECE66DUL);
        (_stepsPerEpoch, _totalSteps) = Plan(settings, data);
    }

    /// <summary>
    /// Steps per epoch (batches over the training examples, or over the training stream's block-sized windows) and the
    /// step the run ends at (epochs × steps per epoch, capped by max_steps; a language model runs max_steps).
    /// </summary>
    public static (int StepsPerEpoch, long TotalSteps) Plan(EngineSettings settings, TaskData data)
    {
        int units = settings.IsSeq2Seq ? data.TrainPairs.Count
            : settings.IsClassifier ? data.TrainExamples.Count : Math.Max(1, (data.TrainStream.Length - 1) / settings.BlockSize);
        int perEpoch = Math.Max(1, (units + settings.BatchSize - 1) / settings.BatchSize);
        long planned = settings.IsExampleTask || settings.MaxSteps == 0 ? (long)settings.Epochs * perEpoch : settings.MaxSteps;
        return (perEpoch, settings.MaxSteps > 0 ? Math.Min(planned, settings.MaxSteps) : planned);
    }

    /// <summary>Training steps this run ends at.</summary>
    public long TotalSteps => _totalSteps;

    /// <summary>Restores every piece of loop and model state from a checkpoint.</summary>
    public void Restore(LoadedCheckpoint c)
    {
        CheckpointState st = c.State;
        TensorLoader.CopyInto(_model.Parameters, c.Parameters, Path.Combine(c.Directory, CheckpointStore.ModelFileName));
        TensorLoader.CopyInto(_model.OptimizerState, c.Optimizer, Path.Combine(c.Directory, st.OptimizerFile));
        _model.StateWritten();
        _model.OptimizerStep = st.OptimizerStep;
        _model.DropoutRngState = st.DropoutRngState;
        (_step, _epoch, _batchInEpoch, _epochRngState) = (st.Step, st.Epoch, st.BatchInEpoch, st.EpochRngState);
        (_lossSum, _lossCount, _best, _elapsedBefore, _tokens) = (st.TrainLossSum, st.TrainLossCount, st.BestObjective, st.ElapsedSeconds, st.Tokens);
        _history.AddRange(st.Metrics);
        if (_s.IsExampleTask && _batchInEpoch > 0)
        {
            _rng.State = _epochRngState;
            _order = _rng.Permutation(ExampleCount);
        }

        _rng.State = st.DataRngState;
    }

    /// <summary>Trains to the end, a stop answer or cancellation.</summary>
    public async Task<TrialResult> RunAsync(CancellationToken ct)
    {
        long started = _time.GetTimestamp();
        long intervalStart = started;
        long intervalTokens = 0;
        MetricReport? last = _history.Count > 0 ? ToReport(_history[^1]) : null;
        while (_step < _totalSteps)
        {
            if (ct.IsCancellationRequested)
            {
                WriteLast(started);
                return new TrialResult(TrialOutcome.Cancelled, last);
            }

            Batch batch = NextBatch();
            double loss = _model.TrainStep(batch);
            _step++;
            _batchInEpoch++;
            _lossSum += loss;
            _lossCount++;
            int tokens = batch.Size * batch.Length;
            _tokens += tokens;
            intervalTokens += tokens;
            bool epochEnd = _batchInEpoch == _stepsPerEpoch;
            if (epochEnd)
            {
                _epoch++;
                _batchInEpoch = 0;
            }

            bool due = _s.EvalInterval > 0 ? _step % _s.EvalInterval == 0 : epochEnd;
            bool final = _step == _totalSteps;
            if (!due && !final)
            {
                continue;
            }

            double seconds = _time.GetElapsedTime(intervalStart).TotalSeconds;
            MetricRecord record = Evaluate(final, seconds > 0 ? intervalTokens / seconds : 0, started);
            (intervalStart, intervalTokens) = (_time.GetTimestamp(), 0);
            _history.Add(record);
            last = ToReport(record);
            SaveCheckpoints(record, started);
            TrialDecision decision = await _reporter.ReportAsync(last, ct).ConfigureAwait(false);
            if (decision == TrialDecision.Stop && !final)
            {
                return new TrialResult(TrialOutcome.Stopped, last);
            }
        }

        return new TrialResult(TrialOutcome.Completed, last);
    }

    private int ExampleCount => _s.IsSeq2Seq ? _data.TrainPairs.Count : _data.TrainExamples.Count;

    private static MetricReport ToReport(MetricRecord r) => new(r.Step, r.Values);

    private Batch NextBatch()
    {
        int b = _s.BatchSize;
        if (_s.IsExampleTask)
        {
            int n = ExampleCount;
            if (_batchInEpoch == 0)
            {
                _epochRngState = _rng.State;
                _order = _rng.Permutation(n);
            }

            int from = _batchInEpoch * b;
            ReadOnlySpan<int> picked = _order.AsSpan(from, Math.Min(b, n - from));
            return _s.IsSeq2Seq ? Pairs.Collate(_data.TrainPairs, picked) : Batches.Classify(_data.TrainExamples, picked, _s.BlockSize);
        }

        int[] stream = _data.TrainStream;
        int block = Math.Min(_s.BlockSize, stream.Length - 1);
        int[] starts = new int[b];
        for (int i = 0; i < b; i++)
        {
            starts[i] = _rng.NextInt(stream.Length - block);
        }

        return Batches.Windows(stream, starts, block);
    }

    private MetricRecord Evaluate(bool final, double tokensPerSecond, long started)
    {
        var values = new Dictionary<string, double>
        {
            ["step"] = _step,
            ["epoch"] = (double)_step / _stepsPerEpoch,
            ["train_loss"] = _lossCount == 0 ? double.NaN : _lossSum / _lossCount,
        };
        (_lossSum, _lossCount) = (0, 0);
        if (_s.IsSeq2Seq)
        {
            Seq2SeqEvaluation.Add(values, "val", _model, _s, _data, _data.ValidationPairs, _s.EvalBatches);
            if (final && _data.HasTest)
            {
                Seq2SeqEvaluation.Add(values, "test", _model, _s, _data, _data.TestPairs, 0);
            }
        }
        else
        {
            AddEval(values, "val", _data.ValidationExamples, _data.ValidationStream, _s.EvalBatches);
            if (final && _data.HasTest)
            {
                AddEval(values, "test", _data.TestExamples, _data.TestStream, 0);
            }
        }

        values["tokens_per_s"] = tokensPerSecond;
        values["elapsed_s"] = _elapsedBefore + _time.GetElapsedTime(started).TotalSeconds;
        return new MetricRecord(_step, values);
    }

    private void AddEval(Dictionary<string, double> values, string prefix, IReadOnlyList<ClassifyExample> examples, int[] stream, int maxBatches)
    {
        EvalTotals totals = Evaluation.Run(_model, _s, examples, stream, maxBatches);
        values[prefix + "_loss"] = totals.MeanLoss;
        if (_s.IsClassifier)
        {
            values[prefix + "_accuracy"] = totals.Accuracy;
        }
        else
        {
            values[prefix + "_perplexity"] = Math.Exp(totals.MeanLoss);
        }
    }

    private void SaveCheckpoints(MetricRecord record, long started)
    {
        ObjectiveSpec objective = _spec.Objective;
        if (!record.Values.TryGetValue(objective.Metric, out double value))
        {
            _reporter.Log($"objective metric {objective.Metric} is not reported by task {_s.Task}; best/ follows val_loss");
            objective = new ObjectiveSpec("val_loss", ObjectiveMode.Min);
            value = record.Values["val_loss"];
        }

        bool better = _best is null || (!double.IsNaN(value) && objective.IsBetter(value, _best.Value));
        if (better)
        {
            _best = value;
            Write(Path.Combine(_spec.CheckpointDir, "best"), started);
        }

        WriteLast(started);
    }

    private void WriteLast(long started) => Write(Path.Combine(_spec.CheckpointDir, "last"), started);

    private void Write(string dir, long started)
    {
        var state = new CheckpointState
        {
            TrialId = _spec.TrialId,
            Task = _s.Task,
            Settings = _spec.Settings,
            ModelConfig = ModelConfigJson.Describe(_s, _data.Vocab.Count, _data.Labels?.Count ?? 0, _data.TargetVocab?.Count ?? 0),
            Vocabulary = [.. _data.Vocab.Tokens],
            TargetVocabulary = _data.TargetVocab is null || ReferenceEquals(_data.TargetVocab, _data.Vocab) ? [] : [.. _data.TargetVocab.Tokens],
            Labels = _data.Labels is null ? [] : [.. _data.Labels.Names],
            Metrics = [.. _history],
            Step = _step,
            Epoch = _epoch,
            BatchInEpoch = _batchInEpoch,
            EpochRngState = _epochRngState,
            DataRngState = _rng.State,
            DropoutRngState = _model.DropoutRngState,
            OptimizerStep = _model.OptimizerStep,
            TrainLossSum = _lossSum,
            TrainLossCount = _lossCount,
            BestObjective = _best,
            ElapsedSeconds = _elapsedBefore + _time.GetElapsedTime(started).TotalSeconds,
            Tokens = _tokens,
        };
        Debug.Assert(_spec.CheckpointDir.Length > 0, "a checkpoint directory is required");
        CheckpointStore.Write(dir, state, _model.Parameters, _model.OptimizerState);
    }
}
