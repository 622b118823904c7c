using SweepCluster.Training.Trainer;

namespace SweepCluster.Coordinator.Local;

/// <summary>Which trainer runs a task in-process.</summary>
internal static class LocalTrainers
{
    /// <summary>A resolver: the coordinator's <c>simulated</c> task and the training engine's catalog.</summary>
    public static Func<string, ITrainer?> Create(TimeProvider time)
    {
        var simulated = new SimulatedTrainer(time);
        return task => task == SimulatedTrainer.TaskName ? simulated : null;
    }
}
