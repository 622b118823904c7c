using System.Globalization;
using System.Text.Json;
using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Coordinator.Local;

/// <summary>
/// The <c>simulated</c> task: no training, a deterministic learning curve for tests and demos. Settings: <c>evaluations</c>
/// (default 5), <c>steps_per_evaluation</c> (100), <c>target</c> (0.5), <c>scale</c> (1), <c>delay_ms</c> per evaluation (0).
/// Reports <c>val_loss = target + scale / e</c> (plus a seeded wobble of ±0.01) and <c>epoch = e</c> at evaluation e;
/// writes <c>last/state.json</c> after every evaluation and <c>best/state.json</c> on improvement; resumes from <c>last/</c>.
/// </summary>
internal sealed class SimulatedTrainer(TimeProvider time) : ITrainer
{
    /// <summary>The task name.</summary>
    public const string TaskName = "simulated";

    /// <inheritdoc/>
    public async Task<TrialResult> RunAsync(TrialSpec spec, ITrialReporter reporter, CancellationToken ct)
    {
        var s = spec.Settings;
        var evaluations = Int(s, "evaluations", 5);
        var stepsPer = Int(s, "steps_per_evaluation", 100);
        var target = Num(s, "target", 0.5);
        var scale = Num(s, "scale", 1);
        var delay = TimeSpan.FromMilliseconds(Num(s, "delay_ms", 0));
        if (evaluations < 1 || stepsPer < 1)
        {
            return new TrialResult(TrialOutcome.Failed, null, "evaluations and steps_per_evaluation must be at least 1");
        }

        var start = spec.ResumeFrom is { } resume && File.Exists(Path.Combine(resume, "state.json"))
            ? JsonSerializer.Deserialize<State>(await File.ReadAllTextAsync(Path.Combine(resume, "state.json"), CancellationToken.None))!
            : new State(0, double.PositiveInfinity);
        var best = start.Best;
        MetricReport? last = null;
        var wobble = new Random((int)(spec.Seed % int.MaxValue));
        reporter.Log($"simulated trial {spec.TrialId} attempt {spec.Attempt} from evaluation {start.Evaluation}");
        for (var e = start.Evaluation + 1; e <= evaluations; e++)
        {
            if (ct.IsCancellationRequested)
            {
                return new TrialResult(TrialOutcome.Cancelled, last);
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, ct);
                }
                catch (OperationCanceledException)
                {
                    return new TrialResult(TrialOutcome.Cancelled, last);
                }
            }

            var loss = target + (scale / e) + ((wobble.NextDouble() - 0.5) * 0.02);
            last = new MetricReport((long)e * stepsPer, new Dictionary<string, double> { ["val_loss"] = loss, ["epoch"] = e });
            if (loss < best)
            {
                best = loss;
                await Save(Path.Combine(spec.CheckpointDir, "best"), new State(e, best));
            }

            await Save(Path.Combine(spec.CheckpointDir, "last"), new State(e, best));
            reporter.Log(string.Create(CultureInfo.InvariantCulture, $"evaluation {e}: val_loss {loss:F4}"));
            if (await reporter.ReportAsync(last, CancellationToken.None) == TrialDecision.Stop)
            {
                return new TrialResult(TrialOutcome.Stopped, last);
            }
        }

        return new TrialResult(TrialOutcome.Completed, last);
    }

    private static async Task Save(string dir, State state)
    {
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "state.json.tmp");
        await File.WriteAllTextAsync(tmp, JsonSerializer.Serialize(state), CancellationToken.None);
        File.Move(tmp, Path.Combine(dir, "state.json"), overwrite: true);
    }

    private static int Int(JsonElement s, string key, int fallback) =>
        s.ValueKind == JsonValueKind.Object && s.TryGetProperty(key, out var v) && v.TryGetInt32(out var i) ? i : fallback;

    private static double Num(JsonElement s, string key, double fallback) =>
        s.ValueKind == JsonValueKind.Object && s.TryGetProperty(key, out var v) && v.TryGetDouble(out var d) ? d : fallback;

    private sealed record State(int Evaluation, double Best);
}
