using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Coordinator.Tests.Examples;

/// <summary>The TPE, Hyperband and PBT example sweeps load, and every trial they plan is valid for its trainer.</summary>
public sealed class SearchExampleTests
{
    [Theory]
    [InlineData("tpe-hartmann6.hocon", "Tpe", "Fifo")]
    [InlineData("hyperband-branin.hocon", "Random", "Hyperband")]
    [InlineData("pbt-lm.hocon", "Random", "Pbt")]
    public void Load_SearchExample_BindsAndEveryPlannedTrialIsValid(string name, string search, string scheduler)
    {
        var file = SweepFileLoader.Load(Path.Combine(SharedData.RepoRoot, "examples", name), HoconOptions.WithoutEnvironment);
        Assert.Equal((search, scheduler), (file.Sweep.Search.Algorithm.ToString(), file.Sweep.Scheduler.Type.ToString()));
        var catalog = TrainerCatalog.CreateDefault();
        foreach (var trial in SweepPlanner.Plan(file.Sweep).Trials)
        {
            var settings = JsonNode.Parse(file.Sweep.Trial.GetRawText())!.AsObject();
            foreach (var (key, value) in trial.Parameters)
            {
                settings[key] = JsonNode.Parse(value.GetRawText());
            }

            var errors = catalog.Validate(JsonDocument.Parse(settings.ToJsonString()).RootElement);
            Assert.True(errors.Count == 0, $"{name} trial {trial.Index}: {string.Join("; ", errors)}");
        }
    }
}
