using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>
/// Creates the plan's points in a seeded random order, each once, keeping at most <see cref="SearchBudget.MaxConcurrent"/>
/// open. The generator's state and the points not yet drawn are part of the saved state.
/// </summary>
internal sealed class RandomSearch : ISearchMethod
{
    private readonly IReadOnlyList<PlannedTrial> _plan;
    private readonly SearchBudget _budget;
    private readonly List<int> _remaining;
    private readonly SplitMix64 _rng;
    private int _created;
    private int _open;

    /// <summary>A fresh random search over <paramref name="plan"/>.</summary>
    public RandomSearch(IReadOnlyList<PlannedTrial> plan, SearchBudget budget, long seed)
        : this(plan, budget, Enumerable.Range(0, plan.Count).ToList(), new SplitMix64(unchecked((ulong)seed)), 0, 0)
    {
    }

    private RandomSearch(IReadOnlyList<PlannedTrial> plan, SearchBudget budget, List<int> remaining, SplitMix64 rng, int created, int open)
    {
        _plan = plan;
        _budget = budget;
        _remaining = remaining;
        _rng = rng;
        _created = created;
        _open = open;
    }

    private int Limit => Math.Min(_plan.Count, _budget.MaxTrials ?? int.MaxValue);

    /// <inheritdoc/>
    public bool IsExhausted => _created >= Limit || _remaining.Count == 0;

    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Start() => Fill();

    /// <inheritdoc/>
    public IReadOnlyList<SweepAction> Handle(SweepEvent e)
    {
        if (e is not TrialExited)
        {
            return [];
        }

        _open = Math.Max(0, _open - 1);
        return Fill();
    }

    /// <inheritdoc/>
    public string SaveState() => JsonSerializer.Serialize(new State(_rng.State, _remaining, _created, _open));

    /// <summary>Rebuilds a random search from <see cref="SaveState"/>; it continues the same sequence.</summary>
    public static RandomSearch Restore(IReadOnlyList<PlannedTrial> plan, SearchBudget budget, string json)
    {
        var s = JsonSerializer.Deserialize<State>(json) ?? throw new InvalidDataException("empty random search state");
        return new RandomSearch(plan, budget, [.. s.Remaining], new SplitMix64(s.Rng), s.Created, s.Open);
    }

    private List<SweepAction> Fill()
    {
        var actions = new List<SweepAction>();
        while (!IsExhausted && _open < _budget.MaxConcurrent)
        {
            var pick = _rng.Next(_remaining.Count);
            var index = _remaining[pick];
            _remaining.RemoveAt(pick);
            _created++;
            _open++;
            actions.Add(new CreateTrial(_plan[index]));
        }

        return actions;
    }

    private sealed record State(ulong Rng, IReadOnlyList<int> Remaining, int Created, int Open);
}
