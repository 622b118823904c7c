namespace SweepCluster.Messages;

/// <summary>Which metric ranks trials, and whether larger or smaller is better.</summary>
public sealed record ObjectiveSpec(string Metric, ObjectiveMode Mode)
{
    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public bool IsBetter(double candidate, double incumbent) =>
        Mode == ObjectiveMode.Max ? candidate > incumbent : candidate < incumbent;
}

/// <summary>Direction of an objective.</summary>
public enum ObjectiveMode
{
    /// <summary>Smaller is better (losses, perplexity).</summary>
    Min,

    /// <summary>Larger is better (accuracy).</summary>
    Max,
}
