namespace SweepCluster.Messages;

/// <summary>Metrics of one evaluation of a trial at a training step (e.g. val_loss, val_accuracy, epoch, tokens_per_s).</summary>
public sealed record MetricReport(long Step, IReadOnlyDictionary<string, double> Values);
