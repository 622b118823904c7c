using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Coordinator.Sweeps.Search;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Sweeps.Schedulers;

/// <summary>How PBT explores one hyperparameter.</summary>
internal enum PbtExplore
{
    /// <summary>Multiply by one of the factors (0.8 or 1.2; a choice moves to a neighbouring value), or resample with the resample probability.</summary>
    Perturb,

    /// <summary>Always draw a fresh value from the parameter's distribution.</summary>
    Resample,
}

/// <summary>Population-based training settings.</summary>
internal sealed record PbtSettings
{
    /// <summary>No per-key settings (shared, so default settings compare equal).</summary>
    public static readonly IReadOnlyDictionary<string, PbtExplore> NoExplore = new Dictionary<string, PbtExplore>();

    private static readonly IReadOnlyList<double> DefaultFactors = [0.8, 1.2];

    /// <summary>A trial may exploit at most once per this much scheduler time (its reports' time unit).</summary>
    public double PerturbationInterval { get; init; } = 4;

    /// <summary>The bottom and the top fraction of the population (by latest value).</summary>
    public double Quantile { get; init; } = 0.25;

    /// <summary>Chance that a perturbed key is resampled instead of multiplied.</summary>
    public double ResampleProbability { get; init; } = 0.25;

    /// <summary>The two multipliers of a perturbation.</summary>
    public IReadOnlyList<double> Factors { get; init; } = DefaultFactors;

    /// <summary>Per-key exploration (keys not listed: <see cref="PbtExplore.Perturb"/>); keys not swept are never changed.</summary>
    public IReadOnlyDictionary<string, PbtExplore> Explore { get; init; } = NoExplore;

    /// <summary>Equal when every setting is equal (the factors and per-key settings by content, so a stored copy compares equal).</summary>
    public bool Equals(PbtSettings? other) =>
        other is not null && PerturbationInterval == other.PerturbationInterval && Quantile == other.Quantile
        && ResampleProbability == other.ResampleProbability && Factors.SequenceEqual(other.Factors)
        && Explore.Count == other.Explore.Count && Explore.All(e => other.Explore.TryGetValue(e.Key, out var v) && v == e.Value);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(PerturbationInterval, Quantile, ResampleProbability, Factors.Count, Explore.Count);
}

/// <summary>One hyperparameter changed by an exploit: its old and new value.</summary>
internal sealed record ParameterChange(string Key, JsonElement From, JsonElement To);

/// <summary>
/// PBT's exploit and explore for <paramref name="TrialId"/>, decided at its report of time <paramref name="Time"/>: copy
/// the latest checkpoint of <paramref name="SourceTrialId"/> (written at its report of <paramref name="SourceTime"/>),
/// replace the trial's parameters by <paramref name="Parameters"/> and continue training from that checkpoint.
/// </summary>
internal sealed record ExploitTrial(
    string TrialId, double Time, string SourceTrialId, double SourceTime, IReadOnlyDictionary<string, JsonElement> Parameters,
    IReadOnlyList<ParameterChange> Changes) : SweepAction;

/// <summary>
/// Population-based training. When a trial reports at least perturbation_interval after its last exploit (or its start)
/// and its latest value ranks in the bottom quantile of the population's latest values, it exploits a trial drawn from
/// the top quantile (an <see cref="ExploitTrial"/> action) and explores: each swept key is multiplied by 0.8 or 1.2
/// (clamped to its range; choices move to a neighbour) or, with the resample probability, drawn afresh. Every exploit is
/// kept as lineage. A pure state machine; the RNG is in the saved state.
/// </summary>
internal sealed class PbtScheduler : ISweepPolicy, ISchedulerState
{
    private readonly PbtSettings _settings;
    private readonly IReadOnlyList<ParameterConfig> _space;
    private readonly ObjectiveMode _mode;
    private readonly State _s;
    private readonly SplitMix64 _rng;

    /// <summary>A PBT scheduler over the swept <paramref name="space"/>.</summary>
    public PbtScheduler(PbtSettings settings, IReadOnlyList<ParameterConfig> space, ObjectiveMode mode, long seed)
        : this(settings, space, mode, new State { Rng = unchecked((ulong)seed) })
    {
    }

    private PbtScheduler(PbtSettings settings, IReadOnlyList<ParameterConfig> space, ObjectiveMode mode, State state)
    {
        if (settings.PerturbationInterval <= 0 || settings.Quantile is <= 0 or > 0.5)
        {
            throw new ArgumentException("pbt needs perturbation_interval > 0 and 0 < quantile <= 0.5");
        }

        (_settings, _space, _mode, _s) = (settings, space, mode, state);
        _rng = new SplitMix64(state.Rng);
    }

    /// <summary>Every exploit so far, oldest first.</summary>
    public IReadOnlyList<ExploitTrial> Lineage => _s.Lineage;

    /// <summary>The current parameters of <paramref name="trialId"/> (after its exploits), or null when unknown.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ParametersOf(string trialId) => _s.Members.TryGetValue(trialId, out var m) ? m.Parameters : null;

    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Handle(SweepEvent e)
    {
        switch (e)
        {
            case TrialCreated created:
                _s.Members[created.TrialId] = new Member { Parameters = new Dictionary<string, JsonElement>(created.Point.Parameters) };
                return [];
            case TrialExited exited when _s.Members.TryGetValue(exited.TrialId, out var gone):
                gone.Exited = true;
                return [];
            case MetricReported { Value: { } value } report when double.IsFinite(value) && _s.Members.TryGetValue(report.TrialId, out var member):
                member.Score = _mode == ObjectiveMode.Max ? value : -value;
                member.Time = report.Time;
                return report.Time - member.LastExploit >= _settings.PerturbationInterval ? Exploit(report.TrialId, member) : [];
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

    /// <summary>Rebuilds a PBT scheduler from <see cref="SaveState"/>; it makes the same decisions as the original would.</summary>
    public static PbtScheduler Restore(PbtSettings settings, IReadOnlyList<ParameterConfig> space, ObjectiveMode mode, string json) =>
        new(settings, space, mode, JsonSerializer.Deserialize<State>(json) ?? throw new InvalidDataException("empty pbt state"));

    private List<SweepAction> Exploit(string trialId, Member member)
    {
        var ranked = _s.Members.Where(m => !m.Value.Exited && m.Value.Score is not null)
            .OrderByDescending(m => m.Value.Score!.Value).ThenBy(m => m.Key, StringComparer.Ordinal).ToList();
        var q = (int)Math.Floor(ranked.Count * _settings.Quantile);
        if (q < 1 || ranked.FindIndex(m => m.Key == trialId) < ranked.Count - q)
        {
            return [];
        }

        var source = ranked[_rng.Next(q)];
        var parameters = new Dictionary<string, JsonElement>(source.Value.Parameters);
        var changes = new List<ParameterChange>();
        foreach (var p in _space)
        {
            if (!parameters.TryGetValue(p.Name, out var from))
            {
                continue;
            }

            var to = Explore(p, from);
            parameters[p.Name] = to;
            changes.Add(new ParameterChange(p.Name, from, to));
        }

        member.Parameters = parameters;
        member.Score = source.Value.Score;
        member.LastExploit = member.Time;
        var action = new ExploitTrial(trialId, member.Time, source.Key, source.Value.Time, parameters, changes);
        _s.Lineage.Add(action);
        _s.Rng = _rng.State;
        return [action];
    }

    private JsonElement Explore(ParameterConfig p, JsonElement value)
    {
        var mode = _settings.Explore.TryGetValue(p.Name, out var m) ? m : PbtExplore.Perturb;
        if (mode == PbtExplore.Resample || _rng.NextDouble() < _settings.ResampleProbability)
        {
            return ParzenEstimator.Decode([p], ParzenEstimator.SamplePrior([p], _rng))[p.Name];
        }

        var up = _rng.Next(_settings.Factors.Count);
        if (p.Kind == DistributionKind.Choice)
        {
            var index = p.Values.ToList().FindIndex(v => v.GetRawText() == value.GetRawText());
            var moved = Math.Clamp(index + (_settings.Factors[up] >= 1 ? 1 : -1), 0, p.Values.Count - 1);
            return index < 0 ? value : p.Values[moved];
        }

        var x = value.GetDouble() * _settings.Factors[up];
        x = p.Kind == DistributionKind.Int ? p.Low + (p.Step * Math.Round((x - p.Low) / p.Step)) : x;
        return ParameterConfig.Number(Math.Clamp(double.Parse(x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), p.Low, p.High));
    }

    private sealed class Member
    {
        public Dictionary<string, JsonElement> Parameters { get; set; } = [];

        public double? Score { get; set; }

        public double Time { get; set; }

        public double LastExploit { get; set; }

        public bool Exited { get; set; }
    }

    private sealed class State
    {
        public ulong Rng { get; set; }

        public Dictionary<string, Member> Members { get; init; } = [];

        public List<ExploitTrial> Lineage { get; init; } = [];
    }
}
