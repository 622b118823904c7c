namespace SweepCluster.Coordinator.Sweeps.Config;

/// <summary>The metrics each built-in engine task reports (what <c>TrainingRun</c> evaluates), for checking the objective early.</summary>
internal static class EngineMetrics
{
    private static readonly string[] Common = ["step", "epoch", "train_loss", "tokens_per_s", "elapsed_s", "val_loss", "test_loss"];

    /// <summary>The metric names <paramref name="task"/> reports; null for a task that is not an engine task.</summary>
    public static IReadOnlyList<string>? Of(string task) => task switch
    {
        "classify" or "synthetic-majority" => [.. Common, "val_accuracy", "test_accuracy"],
        "translate" or "pretrain-span" => [.. Common, "val_token_accuracy", "val_bleu", "test_token_accuracy", "test_bleu"],
        "language-model" or "synthetic-induction" => [.. Common, "val_perplexity", "test_perplexity"],
        _ => null,
    };
}
