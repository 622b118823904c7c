namespace SweepCluster.Coordinator.Storage;

/// <summary>Parameter values of the <see cref="StoreRows"/> statements, in the order of their parameter lists.</summary>
internal static class StoreValues
{
    /// <summary>Values for <see cref="StoreRows.UpsertSweep"/>.</summary>
    public static object?[] Sweep(SweepRecord s) =>
        [s.Id, s.Name, s.Status.ToString(), s.Definition, s.SearchState, StoreRows.Ms(s.CreatedAt), StoreRows.Ms(s.FinishedAt)];

    /// <summary>Values for <see cref="StoreRows.UpdateSweep"/>.</summary>
    public static object?[] SweepState(SweepRecord s) => [s.Id, s.Status.ToString(), s.SearchState, StoreRows.Ms(s.FinishedAt)];

    /// <summary>Values for <see cref="StoreRows.UpsertTrial"/>.</summary>
    public static object?[] Trial(TrialRecord t) =>
    [
        t.Id, t.SweepId, (long)t.Index, t.Key, t.Parameters, t.Status.ToString(), (long)t.Attempt, (long)t.Failures,
        t.LeaseOwner, StoreRows.Ms(t.LeaseExpiry), t.FencingToken, t.BestValue, t.BestStep, t.BestEpoch, t.CheckpointPath,
        t.Error, StoreRows.Ms(t.CreatedAt), StoreRows.Ms(t.StartedAt), StoreRows.Ms(t.FinishedAt),
    ];

    /// <summary>Values for <see cref="StoreRows.InsertMetric"/>.</summary>
    public static object?[] Metric(MetricRecord m) => [m.TrialId, m.SweepId, (long)m.Attempt, m.Step, m.Values, StoreRows.Ms(m.At)];

    /// <summary>Values for <see cref="StoreRows.InsertEvent"/>.</summary>
    public static object?[] Event(StateChange c) => [c.SweepId, StoreRows.Ms(c.At), c.Type, c.Payload];
}
