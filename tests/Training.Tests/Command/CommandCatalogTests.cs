using System.Text.Json;
using SweepCluster.Training.Command;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Command;

public sealed class CommandCatalogTests
{
    [Fact]
    public void Find_Command_CommandTrainer()
    {
        var catalog = TrainerCatalog.Create(new TransformerModelFactory(), TimeProvider.System);

        Assert.IsType<CommandTrainer>(catalog.Find("command"));
    }

    [Fact]
    public void Validate_CommandWithBadTimeout_ErrorNamesKey()
    {
        var catalog = TrainerCatalog.Create(new TransformerModelFactory(), TimeProvider.System);
        var settings = JsonDocument.Parse("""{"task": "command", "command": ["python3", "train.py"], "timeout": "soon"}""").RootElement;

        var errors = catalog.Validate(settings);

        Assert.StartsWith("trial.timeout:", Assert.Single(errors), StringComparison.Ordinal);
        Assert.Empty(catalog.Validate(JsonDocument.Parse("""{"task": "command", "command": ["python3", "train.py"]}""").RootElement));
    }
}
