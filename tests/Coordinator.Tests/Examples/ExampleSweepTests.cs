using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Coordinator.Tests.Examples;

/// <summary>Every trial the example sweeps plan is valid for the engine trainer (the sweep file / trainer contract).</summary>
public sealed class ExampleSweepTests
{
    [Theory]
    [InlineData("pa2-encoder.hocon", 90)]
    [InlineData("sweep.hocon", 8)]
    [InlineData("translate-synthetic.hocon", 8)]
    public void Plan_ExampleSweep_EveryTrialPassesEngineValidation(string name, int trials)
    {
        var file = SweepFileLoader.Load(Path.Combine(SharedData.RepoRoot, "examples", name), HoconOptions.WithoutEnvironment);
        var plan = SweepPlanner.Plan(file.Sweep);

        Assert.Equal(trials, plan.Total);
        foreach (var trial in plan.Trials)
        {
            var settings = JsonNode.Parse(file.Sweep.Trial.GetRawText())!.AsObject();
            foreach (var (key, value) in trial.Parameters)
            {
                settings[key] = JsonNode.Parse(value.GetRawText());
            }

            var errors = EngineSettingsParser.Validate(JsonDocument.Parse(settings.ToJsonString()).RootElement);
            Assert.True(errors.Count == 0, $"{name} trial {trial.Index}: {string.Join("; ", errors)}");
        }
    }

    [SharedFact]
    public void Load_Pa2Example_DataPathsPointIntoShared()
    {
        var file = SweepFileLoader.Load(Path.Combine(SharedData.RepoRoot, "examples", "pa2-encoder.hocon"), HoconOptions.WithoutEnvironment);
        var data = file.Sweep.Trial.GetProperty("data");

        Assert.True(File.Exists(data.GetProperty("train").GetString()), data.GetProperty("train").GetString());
        Assert.True(File.Exists(data.GetProperty("validation").GetString()), data.GetProperty("validation").GetString());
    }
}
