using SweepCluster.Messages;
using SweepCluster.Training.Trainer;

namespace SweepCluster.GpuWorker.Agent;

/// <summary>
/// A trial's reporter on a worker: each report goes to the coordinator (or the outbox when it is away) and the answer
/// becomes the trainer's decision; a stop or a 409 ends the attempt at this evaluation.
/// </summary>
internal sealed class AgentReporter(TrialRun run, Courier courier, CheckpointShipper shipper, Action<string> log) : ITrialReporter
{
    private static readonly WireJsonContext Wire = WireJsonContext.Default;

    public async ValueTask<TrialDecision> ReportAsync(MetricReport report, CancellationToken ct)
    {
        if (run.Stale)
        {
            return TrialDecision.Stop;
        }

        var a = run.Assignment;
        var body = run.Body(new ReportRequest { Protocol = ProtocolVersion.Current, Attempt = a.Attempt, FencingToken = a.FencingToken, Report = report }, Wire.ReportRequest);
        var reply = await courier.SendAsync(OutboxKind.Report, a.TrialId, a.Attempt, a.FencingToken, body, null, CancellationToken.None);
        if (reply is not null)
        {
            Apply(run, reply);
        }

        log($"trial {a.TrialId} attempt {a.Attempt}: step {report.Step} {(reply is null ? "buffered" : reply.Ok ? "reported" : "refused (HTTP " + reply.Status + ")")}{(run.StopRequested ? "; stopping" : "")}");

        if (!run.Stale && !courier.Down)
        {
            await shipper.ShipLastIfDueAsync(run, ct);
        }

        return run.StopRequested ? TrialDecision.Stop : TrialDecision.Continue;
    }

    public void Log(string line)
    {
        run.Log(line);
        log($"[{run.Assignment.TrialId}#{run.Assignment.Attempt}] {line}");
    }

    /// <summary>Applies the coordinator's answer to a report (delivered now or from the outbox) to the run.</summary>
    public static void Apply(TrialRun run, Reply reply)
    {
        if (reply.Status is 404 or 409)
        {
            run.MarkStale();
        }
        else if (reply.Ok && reply.As(Wire.DecisionResponse) is { Decision: WireDecision.Stop })
        {
            run.RequestStop();
        }
    }
}
