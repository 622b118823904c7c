namespace SweepCluster.Training.Optim;

/// <summary>The shape of the learning rate over training.</summary>
internal enum ScheduleKind
{
    /// <summary>The base rate (after the warm-up, if any).</summary>
    Constant,

    /// <summary>Linear warm-up from 0, then cosine decay to the minimum rate at the last step.</summary>
    WarmupCosine,

    /// <summary>Linear warm-up (if any), then linear decay to the minimum rate at the last step.</summary>
    LinearDecay,
}

/// <summary>A learning-rate schedule; <see cref="Rate"/> is a pure function of the step.</summary>
internal sealed record LearningRateSchedule
{
    /// <summary>Schedule shape.</summary>
    public ScheduleKind Kind { get; init; } = ScheduleKind.Constant;

    /// <summary>Peak (base) learning rate.</summary>
    public double BaseRate { get; init; } = 1e-3;

    /// <summary>Steps of linear warm-up (rate (s+1)/warmup·base for step s &lt; warmup), for every kind (Constant: then the base rate).</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Total training steps (the decay reaches the minimum at step TotalSteps − 1).</summary>
    public int TotalSteps { get; init; } = 1000;

    /// <summary>Rate at the end of the decay.</summary>
    public double MinRate { get; init; }

    /// <summary>The learning rate for 0-based step <paramref name="step"/>.</summary>
    public double Rate(int step)
    {
        if (step < WarmupSteps)
        {
            return BaseRate * (step + 1) / WarmupSteps;
        }

        if (Kind == ScheduleKind.Constant)
        {
            return BaseRate;
        }

        int decaySteps = TotalSteps - 1 - WarmupSteps;
        double progress = decaySteps <= 0 ? 1.0 : Math.Clamp((double)(step - WarmupSteps) / decaySteps, 0.0, 1.0);
        double factor = Kind == ScheduleKind.WarmupCosine ? 0.5 * (1.0 + Math.Cos(Math.PI * progress)) : 1.0 - progress;
        return MinRate + ((BaseRate - MinRate) * factor);
    }
}
