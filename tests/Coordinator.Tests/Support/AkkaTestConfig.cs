using Akka.Configuration;

namespace SweepCluster.Coordinator.Tests.Support;

/// <summary>Actor-system configuration for TestKit tests: virtual time and the Akka.Persistence.TestKit journal and snapshot store.</summary>
internal static class AkkaTestConfig
{
    /// <summary>TestScheduler (time moves only on <c>Advance</c>) and the failure-injecting in-memory journal and snapshot store.</summary>
    public static Config Persistent { get; } = ConfigurationFactory.ParseString(
        """
        akka.loglevel = WARNING
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.persistence.journal.plugin = "akka.persistence.journal.test"
        akka.persistence.journal.test {
          class = "Akka.Persistence.TestKit.TestJournal, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.test"
        akka.persistence.snapshot-store.test {
          class = "Akka.Persistence.TestKit.TestSnapshotStore, Akka.Persistence.TestKit"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        """);
}
