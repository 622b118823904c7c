using System.Collections.Concurrent;

namespace SweepCluster.Coordinator.Storage;

/// <summary>
/// The sweeps whose row a store has written (with its definition) and still holds: their later writes update only the
/// columns that change (status, search state, finish time). A sweep's definition carries its whole plan and never changes,
/// so rewriting it per batch would cost the size of the plan per commit.
/// </summary>
internal sealed class StoredSweeps
{
    private readonly ConcurrentDictionary<string, string> _definitions = new(StringComparer.Ordinal);

    /// <summary>True when the row of <paramref name="sweep"/> was written with this very definition.</summary>
    public bool Has(SweepRecord sweep) =>
        _definitions.TryGetValue(sweep.Id, out var d) && (sweep.Definition.Length == 0 || string.Equals(d, sweep.Definition, StringComparison.Ordinal));

    /// <summary>Remembers committed sweep rows.</summary>
    public void Add(IEnumerable<SweepRecord> sweeps)
    {
        foreach (var s in sweeps)
        {
            if (s.Definition.Length > 0 || !_definitions.ContainsKey(s.Id))
            {
                _definitions[s.Id] = s.Definition;
            }
        }
    }

    /// <summary>Forgets a sweep (deleted, or a commit that may not have stored it failed).</summary>
    public void Remove(string sweepId) => _definitions.TryRemove(sweepId, out _);
}
