using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Schedulers;

/// <summary>The bracket a trial was put in: its first rung (grace) and all its rungs. Show it in the leaderboard.</summary>
internal sealed record AssignBracket(string TrialId, int Bracket, double Grace, IReadOnlyList<double> Milestones) : SweepAction;

/// <summary>
/// Asynchronous Hyperband. With s_max = ⌊log_η(max_t / min_t)⌋ there are s_max + 1 brackets; bracket b has its rungs
/// at min_t·η^(b+k) below max_t and promotes as ASHA does (a trial's first report at or past a rung records its value
/// there; it continues only within the best max(1, ⌊n/η⌋) of the n values at that rung). New trials go to brackets in
/// Hyperband's proportions n_b = ⌈(s_max+1)/(b+1)·η^(s_max−b)⌉ (bracket 0, the most aggressive, gets the most), by a
/// deterministic weighted round robin. Each assignment is an <see cref="AssignBracket"/> action.
/// </summary>
internal sealed class HyperbandScheduler : ISweepPolicy, ISchedulerState
{
    private const int MaxBrackets = 16;
    private readonly ObjectiveMode _mode;
    private readonly double _eta;
    private readonly List<double[]> _milestones = [];
    private readonly double[] _weights;
    private readonly State _s;

    /// <summary>A Hyperband scheduler: <see cref="SchedulerSettings.Grace"/> is min_t, <see cref="SchedulerSettings.MaxT"/> max_t.</summary>
    public HyperbandScheduler(SchedulerSettings settings, ObjectiveMode mode)
        : this(settings, mode, null)
    {
    }

    private HyperbandScheduler(SchedulerSettings settings, ObjectiveMode mode, State? state)
    {
        if (settings.Grace <= 0 || settings.ReductionFactor <= 1 || !double.IsFinite(settings.MaxT) || settings.MaxT <= settings.Grace)
        {
            throw new ArgumentException("hyperband needs 0 < min_t (grace) < max_t, max_t finite, and reduction_factor > 1");
        }

        _mode = mode;
        _eta = settings.ReductionFactor;
        var sMax = Math.Min(MaxBrackets - 1, (int)Math.Floor((Math.Log(settings.MaxT / settings.Grace) / Math.Log(_eta)) + 1e-9));
        _weights = new double[sMax + 1];
        for (var b = 0; b <= sMax; b++)
        {
            var rungs = new List<double>();
            for (var m = settings.Grace * Math.Pow(_eta, b); m < settings.MaxT - 1e-9; m *= _eta)
            {
                rungs.Add(m);
            }

            _milestones.Add([.. rungs]);
            _weights[b] = Math.Ceiling((sMax + 1.0) / (sMax - b + 1.0) * Math.Pow(_eta, sMax - b));
        }

        _s = state ?? new State { Credits = new double[sMax + 1], Rungs = [.. _milestones.Select(r => r.Select(_ => new Dictionary<string, double>()).ToList())] };
    }

    /// <summary>Number of brackets (s_max + 1).</summary>
    public int Brackets => _milestones.Count;

    /// <summary>The rungs of bracket <paramref name="bracket"/>, lowest first.</summary>
    public IReadOnlyList<double> Milestones(int bracket) => _milestones[bracket];

    /// <summary>The bracket of <paramref name="trialId"/>, or null when it has not been assigned one.</summary>
    public int? BracketOf(string trialId) => _s.Brackets.TryGetValue(trialId, out var b) ? b : null;

    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Handle(SweepEvent e)
    {
        switch (e)
        {
            case TrialCreated created when !_s.Brackets.ContainsKey(created.TrialId):
                return [Assign(created.TrialId)];
            case MetricReported { Value: { } value } report when !double.IsNaN(value):
                var actions = new List<SweepAction>();
                if (!_s.Brackets.ContainsKey(report.TrialId))
                {
                    actions.Add(Assign(report.TrialId));
                }

                actions.AddRange(Promote(report.TrialId, report.Time, _mode == ObjectiveMode.Max ? value : -value));
                return actions;
            default:
                return [];
        }
    }

    /// <inheritdoc/>
    public string SaveState() => JsonSerializer.Serialize(_s);

    /// <summary>Rebuilds a Hyperband scheduler from <see cref="SaveState"/>.</summary>
    public static HyperbandScheduler Restore(SchedulerSettings settings, ObjectiveMode mode, string json) =>
        new(settings, mode, JsonSerializer.Deserialize<State>(json) ?? throw new InvalidDataException("empty hyperband state"));

    private AssignBracket Assign(string trialId)
    {
        // smooth weighted round robin: every bracket earns its weight, the richest is picked and pays the total
        var pick = 0;
        for (var b = 0; b < _weights.Length; b++)
        {
            _s.Credits[b] += _weights[b];
            if (_s.Credits[b] > _s.Credits[pick])
            {
                pick = b;
            }
        }

        _s.Credits[pick] -= _weights.Sum();
        _s.Brackets[trialId] = pick;
        return new AssignBracket(trialId, pick, _milestones[pick].Length > 0 ? _milestones[pick][0] : double.PositiveInfinity, _milestones[pick]);
    }

    private List<SweepAction> Promote(string trialId, double time, double score)
    {
        var b = _s.Brackets[trialId];
        var milestones = _milestones[b];
        for (var i = milestones.Length - 1; i >= 0; i--)
        {
            var rung = _s.Rungs[b][i];
            if (time < milestones[i] || rung.ContainsKey(trialId))
            {
                continue;
            }

            rung[trialId] = score;
            var keep = Math.Max(1, (int)Math.Floor(rung.Count / _eta));
            var better = rung.Values.Count(s => s > score);
            return better < keep
                ? []
                : [new StopTrial(trialId, $"hyperband: bracket {b}, not in the top {keep} of {rung.Count} at rung {milestones[i]}")];
        }

        return [];
    }

    private sealed class State
    {
        public double[] Credits { get; init; } = [];

        public Dictionary<string, int> Brackets { get; init; } = [];

        public List<List<Dictionary<string, double>>> Rungs { get; init; } = [];
    }
}
