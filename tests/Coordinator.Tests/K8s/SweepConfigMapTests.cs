using System.Globalization;
using Npgsql;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Storage.Postgres;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Coordinator.Sweeps.Runtime;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Coordinator.Tests.K8s;

/// <summary>The coordinator's configuration in the ConfigMap, loaded by the coordinator's own loader as the pod would.</summary>
public sealed class SweepConfigMapTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void SweepFile_InThePodsEnvironment_ListensOnTheContainerPortWithTokens(string overlay)
    {
        var (build, coordinator, file) = Load(overlay);

        var listen = new Uri(file.Cluster.Listen);

        Assert.Equal("0.0.0.0", listen.Host);
        Assert.NotNull(ServiceUrlTests.ContainerPort(coordinator.Base, listen.Port.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(0, file.Cluster.LocalWorkers);
        var tokens = build.Find("Secret", "sweepcluster-tokens")!;
        Assert.Equal(tokens.At("stringData", "worker-token").Str(), file.Cluster.WorkerToken);
        Assert.Equal(tokens.At("stringData", "admin-token").Str(), file.Cluster.AdminToken);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void SweepFile_InThePodsEnvironment_StoresOnTheVolumeOrPostgres(string overlay)
    {
        var (build, coordinator, file) = Load(overlay);

        Assert.True(coordinator.IsWritable(file.Cluster.CheckpointDir), $"checkpoint_dir {file.Cluster.CheckpointDir} is not on a writable volume");
        if (build.Find("StatefulSet", "sweepcluster-postgres") is { } postgres)
        {
            Assert.True(PostgresConnection.IsPostgres(file.Cluster.Storage), $"not a PostgreSQL store: {file.Cluster.Storage}");
            var conn = new NpgsqlConnectionStringBuilder(PostgresConnection.ToConnectionString(file.Cluster.Storage));
            var service = build.Find("Service", postgres.At("spec", "serviceName").Str()!)!;
            var server = EffectiveContainer.Of(build, postgres.Name, "postgres");
            Assert.Equal(service.Name, conn.Host);
            Assert.Contains(conn.Port.ToString(CultureInfo.InvariantCulture), service.At("spec", "ports").Items().Select(p => p.Get("port").Str()));
            Assert.Equal(server.Variable("POSTGRES_DB", build), conn.Database);
            Assert.Equal(server.Variable("POSTGRES_USER", build), conn.Username);
            Assert.Equal(server.Variable("POSTGRES_PASSWORD", build), conn.Password);
        }
        else
        {
            Assert.StartsWith("sqlite:", file.Cluster.Storage, StringComparison.Ordinal);
            var db = file.Cluster.Storage["sqlite:".Length..];
            Assert.True(coordinator.IsWritable(db), $"the SQLite file {db} is not on a writable volume");
            Assert.NotNull(coordinator.VolumeAt(Path.GetDirectoryName(db)!)?.Get("persistentVolumeClaim"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void CoordinatorEnv_EveryVariable_IsReadByTheCoordinator(string overlay)
    {
        var asked = new HashSet<string>(StringComparer.Ordinal);
        var (_, coordinator, _) = Load(overlay, asked);

        var unread = coordinator.Env.Select(e => e.Name).Where(n => !asked.Contains(n));

        Assert.Empty(unread);
    }

    [Fact]
    public void SweepFile_Plan_EveryTrialsSettingsAreValid()
    {
        var (_, _, file) = Load("overlays/cpu");

        var plan = SweepPlanner.Plan(file.Sweep);

        Assert.NotEmpty(plan.Trials);
        Assert.True(plan.Total <= file.Sweep.Budget.MaxTrials, "the example plans more trials than its budget");
        foreach (var trial in plan.Trials)
        {
            Assert.Empty(EngineSettingsParser.Validate(TrialSpecFactory.Merge(file.Sweep.Trial, trial.Parameters)));
        }
    }

    /// <summary>Writes the ConfigMap mounted at the sweep file's folder to a temporary folder and loads the sweep file from it.</summary>
    private static (KustomizeBuild Build, EffectiveContainer Coordinator, SweepFile File) Load(string overlay) => Load(overlay, []);

    /// <summary>As <see cref="Load(string)"/>, recording the environment variables the loader asks for.</summary>
    private static (KustomizeBuild Build, EffectiveContainer Coordinator, SweepFile File) Load(string overlay, HashSet<string> asked)
    {
        var build = Overlays.Build(overlay);
        var coordinator = EffectiveContainer.Of(build, K8sNames.Coordinator, K8sNames.CoordinatorContainer);
        var sweepPath = CoordinatorContainerTests.SweepFileArgument(coordinator.Args);
        Assert.NotNull(sweepPath);
        var volume = coordinator.VolumeAt(Path.GetDirectoryName(sweepPath)!);
        var configMap = build.Find("ConfigMap", volume.At("configMap", "name").Str() ?? "");
        Assert.NotNull(configMap);
        using var temp = new TempTree();
        foreach (var key in configMap.Root.Get("data").Keys())
        {
            temp.With(key, configMap.At("data", key).Str()!);
        }

        try
        {
            var file = SweepFileLoader.Load(Path.Combine(temp.Dir, Path.GetFileName(sweepPath)), new HoconOptions
            {
                Environment = n =>
                {
                    asked.Add(n);
                    return coordinator.Variable(n, build);
                },
            });
            return (build, coordinator, file);
        }
        catch (ConfigException e)
        {
            Assert.Fail($"k8s ConfigMap/{configMap.Name}: {e.Message}");
            throw;
        }
    }
}
