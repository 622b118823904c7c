using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Messages;

namespace SweepCluster.Coordinator.Tests.Sweeps.Config;

public sealed class TrialFileLoaderTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Load_TrialAndObjective_SettingsWithAbsoluteDataPaths()
    {
        var file = _dir.Write("t/one.hocon", "trial { task = classify, epochs = 2, data { train = d/train.tsv } }\nobjective { metric = val_accuracy, mode = max }");

        var trial = TrialFileLoader.Load(file, HoconOptions.WithoutEnvironment);

        Assert.Equal("classify", trial.Task);
        Assert.Equal(new ObjectiveSpec("val_accuracy", ObjectiveMode.Max), trial.Objective);
        Assert.Equal(2, trial.Settings.GetProperty("epochs").GetInt32());
        Assert.Equal(Path.Combine(_dir.Path, "t", "d", "train.tsv"), trial.Settings.GetProperty("data").GetProperty("train").GetString());
    }

    [Fact]
    public void Load_VocabFiles_EachEntryMadeAbsolute()
    {
        var file = _dir.Write("t/v.hocon", "trial { task = classify, data { vocab_files = [a.tsv, /abs/b.txt] } }\nobjective { metric = val_accuracy, mode = max }");

        var trial = TrialFileLoader.Load(file, HoconOptions.WithoutEnvironment);

        Assert.Equal([Path.Combine(_dir.Path, "t", "a.tsv"), "/abs/b.txt"],
            trial.Settings.GetProperty("data").GetProperty("vocab_files").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Load_UnknownRootKey_ErrorWithSuggestion()
    {
        var file = _dir.Write("bad.hocon", "trial { task = noop }\nobjectiv { metric = x, mode = min }");

        var e = Assert.Throws<ConfigException>(() => TrialFileLoader.Load(file, HoconOptions.WithoutEnvironment));

        Assert.StartsWith($"{file}:2:1: objectiv: unknown key (did you mean objective?)", e.Message, StringComparison.Ordinal);
    }
}
