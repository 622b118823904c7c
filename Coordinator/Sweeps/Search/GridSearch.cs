using System.Text.Json;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Sweeps.Search;

/// <summary>Creates the plan's points in plan order, each once, keeping at most <see cref="SearchBudget.MaxConcurrent"/> open.</summary>
internal sealed class GridSearch(IReadOnlyList<PlannedTrial> plan, SearchBudget budget) : ISearchMethod
{
    private int _next;
    private int _open;

    private int Limit => Math.Min(plan.Count, budget.MaxTrials ?? int.MaxValue);

    /// <inheritdoc/>
    public bool IsExhausted => _next >= Limit;

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
    public string SaveState() => JsonSerializer.Serialize(new State(_next, _open));

    /// <summary>Rebuilds a grid search from <see cref="SaveState"/>.</summary>
    public static GridSearch Restore(IReadOnlyList<PlannedTrial> plan, SearchBudget budget, string json)
    {
        var s = JsonSerializer.Deserialize<State>(json) ?? throw new InvalidDataException("empty grid search state");
        return new GridSearch(plan, budget) { _next = s.Next, _open = s.Open };
    }

    private List<SweepAction> Fill()
    {
        var actions = new List<SweepAction>();
        while (_next < Limit && _open < budget.MaxConcurrent)
        {
            actions.Add(new CreateTrial(plan[_next++]));
            _open++;
        }

        return actions;
    }

    private sealed record State(int Next, int Open);
}
