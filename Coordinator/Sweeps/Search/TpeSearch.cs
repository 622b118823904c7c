using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Constraints;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>Settings of the Tree-structured Parzen Estimator.</summary>
internal sealed record TpeSettings
{
    /// <summary>The first this many trials are drawn at random from the space.</summary>
    public int NStartup { get; init; } = 5;

    /// <summary>Candidates drawn from the good-trials density per suggestion; the best ratio l(x)/g(x) wins.</summary>
    public int NCandidates { get; init; } = 48;

    /// <summary>The good group is the best ⌈gamma·n⌉ finished trials (at most <see cref="MaxGood"/>).</summary>
    public double Gamma { get; init; } = 0.15;

    /// <summary>Cap on the size of the good group.</summary>
    public int MaxGood { get; init; } = 25;

    /// <summary>Weight of the broad prior component in both densities (each observation weighs 1).</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Running trials count as bad observations (worst value), so parallel workers get different points.</summary>
    public bool ConstantLiar { get; init; } = true;
}

/// <summary>A finished trial given to TPE before it starts (warm start), in the space's parameter names.</summary>
internal sealed record WarmTrial(IReadOnlyDictionary<string, JsonElement> Parameters, double Value);

/// <summary>
/// TPE search (Bergstra et al., multivariate form): after <see cref="TpeSettings.NStartup"/> random trials, finished trials
/// are split into a good group (best γ fraction) and the rest; candidates are drawn from the good group's Parzen
/// estimator l and the one maximising l(x)/g(x) becomes the next trial. Running trials join the bad group with the worst
/// value seen (constant liar). Constraints are respected by rejection; points already tried are not proposed again.
/// A pure state machine: the RNG, the observations and the trial → point map are the saved state.
/// </summary>
internal sealed class TpeSearch : ISearchMethod
{
    private const int DrawsPerSuggestion = 200;
    private readonly IReadOnlyList<ParameterConfig> _space;
    private readonly IReadOnlyList<Constraint> _constraints;
    private readonly SearchBudget _budget;
    private readonly ObjectiveMode _mode;
    private readonly TpeSettings _settings;
    private readonly State _s;
    private readonly SplitMix64 _rng;

    /// <summary>A fresh TPE search over <paramref name="space"/>, warm-started from <paramref name="warm"/> (may be empty).</summary>
    public TpeSearch(
        IReadOnlyList<ParameterConfig> space, IReadOnlyList<Constraint> constraints, SearchBudget budget, ObjectiveMode mode,
        TpeSettings settings, long seed, IEnumerable<WarmTrial>? warm = null)
        : this(space, constraints, budget, mode, settings, new State { Rng = unchecked((ulong)seed) })
    {
        foreach (var w in warm ?? [])
        {
            if (ParzenEstimator.Encode(space, w.Parameters) is not null && double.IsFinite(w.Value))
            {
                var point = space.ToDictionary(p => p.Name, p => w.Parameters[p.Name]);
                _s.Observations.Add(new Observation(TrialKey.Of(point), point, mode == ObjectiveMode.Max ? -w.Value : w.Value, Done: true, Warm: true));
            }
        }
    }

    private TpeSearch(
        IReadOnlyList<ParameterConfig> space, IReadOnlyList<Constraint> constraints, SearchBudget budget, ObjectiveMode mode, TpeSettings settings, State state)
    {
        if (space.Count == 0)
        {
            throw new ArgumentException("tpe needs at least one swept parameter", nameof(space));
        }

        _space = space;
        _constraints = constraints;
        _budget = budget;
        _mode = mode;
        _settings = settings;
        _s = state;
        _rng = new SplitMix64(state.Rng);
    }

    /// <summary>Finished trials taken from a warm start.</summary>
    public int WarmStarted => _s.Observations.Count(o => o.Warm);

    /// <inheritdoc/>
    public bool IsExhausted => _s.Created >= (_budget.MaxTrials ?? int.MaxValue) || _s.SpaceExhausted;

    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Start() => Fill();

    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Handle(SweepEvent e)
    {
        switch (e)
        {
            case TrialCreated created:
                _s.TrialKeys[created.TrialId] = created.Point.Key;
                if (Find(created.Point.Key) is null)
                {
                    _s.Observations.Add(new Observation(created.Point.Key, new Dictionary<string, JsonElement>(created.Point.Parameters), null, false, false));
                }

                return [];
            case MetricReported { Value: { } value } report when double.IsFinite(value) && _s.TrialKeys.TryGetValue(report.TrialId, out var key):
                Replace(key, o => o with { Value = _mode == ObjectiveMode.Max ? -value : value });
                return [];
            case TrialExited exited when _s.TrialKeys.TryGetValue(exited.TrialId, out var key):
                // a trial that died without a value is dropped: it is neither good nor bad evidence
                Replace(key, o => o with { Done = true });
                _s.Observations.RemoveAll(o => o.Key == key && o.Value is null && exited.Outcome != TrialStatus.Completed);
                _s.Open = Math.Max(0, _s.Open - 1);
                return Fill();
            default:
                return [];
        }
    }

    /// <inheritdoc/>
    public string SaveState()
    {
        _s.Rng = _rng.State;
        return JsonSerializer.Serialize(_s);
    }

    /// <summary>Rebuilds a TPE search from <see cref="SaveState"/>; it makes the same suggestions as the original would.</summary>
    public static TpeSearch Restore(
        IReadOnlyList<ParameterConfig> space, IReadOnlyList<Constraint> constraints, SearchBudget budget, ObjectiveMode mode, TpeSettings settings, string json)
    {
        var state = JsonSerializer.Deserialize<State>(json) ?? throw new InvalidDataException("empty tpe search state");
        return new TpeSearch(space, constraints, budget, mode, settings, state);
    }

    /// <summary>The next point TPE proposes (null when no new feasible point was found), without creating a trial.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Suggest()
    {
        var finished = _s.Observations.Where(o => o.Done && o.Value is not null).ToList();
        var useModel = finished.Count >= Math.Max(1, _settings.NStartup);
        List<double[]> good = [], bad = [];
        if (useModel)
        {
            finished.Sort((a, b) => a.Value!.Value.CompareTo(b.Value!.Value));
            var nGood = Math.Clamp((int)Math.Ceiling(_settings.Gamma * finished.Count), 1, _settings.MaxGood);
            good = [.. finished.Take(nGood).Select(Encode)];
            bad = [.. finished.Skip(nGood).Select(Encode)];
            if (_settings.ConstantLiar)
            {
                bad.AddRange(_s.Observations.Where(o => !o.Done).Select(Encode));
            }
        }

        var l = new ParzenEstimator(_space, good, _settings.PriorWeight);
        var g = new ParzenEstimator(_space, bad, _settings.PriorWeight);
        Dictionary<string, JsonElement>? best = null;
        var bestScore = double.NegativeInfinity;
        var wanted = useModel ? _settings.NCandidates : 1;
        var found = 0;
        for (var draw = 0; draw < DrawsPerSuggestion && found < wanted; draw++)
        {
            var x = useModel ? l.Sample(_rng) : ParzenEstimator.SamplePrior(_space, _rng);
            var point = ParzenEstimator.Decode(_space, x);
            if (!Feasible(point) || Find(TrialKey.Of(point)) is not null)
            {
                continue;
            }

            found++;
            var score = useModel ? l.LogDensity(x) - g.LogDensity(x) : 0;
            if (best is null || score > bestScore)
            {
                (best, bestScore) = (point, score);
            }
        }

        return best;
    }

    private List<SweepAction> Fill()
    {
        var actions = new List<SweepAction>();
        while (!IsExhausted && _s.Open < _budget.MaxConcurrent)
        {
            var point = Suggest();
            if (point is null)
            {
                _s.SpaceExhausted = true;
                break;
            }

            var ordered = new OrderedDictionary<string, JsonElement>();
            foreach (var p in _space)
            {
                ordered[p.Name] = point[p.Name];
            }

            var planned = new PlannedTrial(_s.Created, TrialKey.Of(ordered), ordered);
            _s.Observations.Add(new Observation(planned.Key, new Dictionary<string, JsonElement>(point), null, false, false));
            _s.Created++;
            _s.Open++;
            actions.Add(new CreateTrial(planned));
        }

        _s.Rng = _rng.State;
        return actions;
    }

    private bool Feasible(IReadOnlyDictionary<string, JsonElement> point)
    {
        foreach (var c in _constraints)
        {
            try
            {
                if (!c.IsSatisfiedBy(point))
                {
                    return false;
                }
            }
            catch (ConstraintException)
            {
                return false;
            }
        }

        return true;
    }

    private double[] Encode(Observation o) => ParzenEstimator.Encode(_space, o.Parameters) ?? ParzenEstimator.SamplePrior(_space, new SplitMix64(0));

    private Observation? Find(string key) => _s.Observations.Find(o => o.Key == key);

    private void Replace(string key, Func<Observation, Observation> change)
    {
        var i = _s.Observations.FindIndex(o => o.Key == key);
        if (i >= 0)
        {
            _s.Observations[i] = change(_s.Observations[i]);
        }
    }

    /// <summary>One point tried (or running): its loss (minimised; the negated value for max objectives), if any.</summary>
    private sealed record Observation(string Key, Dictionary<string, JsonElement> Parameters, double? Value, bool Done, bool Warm);

    private sealed class State
    {
        public ulong Rng { get; set; }

        public List<Observation> Observations { get; init; } = [];

        public Dictionary<string, string> TrialKeys { get; init; } = [];

        public int Created { get; set; }

        public int Open { get; set; }

        public bool SpaceExhausted { get; set; }
    }
}
