using Akka.Actor;
using Akka.Pattern;

namespace SweepCluster.Coordinator.Sweeps.Runtime;

/// <summary>Start (create or recover) the sweep actor of <paramref name="Settings"/>; answered with its <see cref="IActorRef"/>.</summary>
internal sealed record StartSweep(SweepActorSettings Settings);

/// <summary>
/// The parent of every sweep actor (<c>/user/sweeps</c>): it starts one <see cref="SweepActor"/> per sweep id, each under
/// a backoff supervisor, and answers with the existing one when the sweep already runs. A journal failure stops a sweep
/// actor (Akka.Persistence), an exception stops it too; either way its supervisor brings it back after 0.2–5 s and it
/// recovers from the journal, never in a tight loop, and never takes another sweep down.
/// </summary>
internal sealed class SweepManager : ReceiveActor
{
    /// <summary>The manager's name under <c>/user</c>.</summary>
    public const string Name = "sweeps";

    /// <summary>Creates the manager.</summary>
    public SweepManager()
    {
        Receive<StartSweep>(m =>
        {
            var name = $"sweep-{m.Settings.SweepId}";
            var child = Context.Child(name);
            if (child.IsNobody())
            {
                child = Context.ActorOf(Supervised(m.Settings), name);
            }

            Sender.Tell(child);
        });
    }

    private static Props Supervised(SweepActorSettings settings) =>
        BackoffSupervisor.Props(Backoff.OnStop(SweepActor.Props(settings), "sweep", TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), 0.2, -1)
            .WithSupervisorStrategy(new OneForOneStrategy(_ => Directive.Stop)));
}
