using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A built-in task's objective must be a metric it reports, checked when the file is read (issue 19, item 7).</summary>
public sealed class ObjectiveMetricTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private async Task<(int Code, string Out, string Err, string Path)> PlanAsync(string task, string metric)
    {
        var path = _tmp.File("s.hocon");
        File.WriteAllText(path, $$"""
            sweep {
              name = obj
              objective {
                metric = {{metric}}
                mode = max
              }
              space { lr = [0.001, 0.01] }
              trial { task = {{task}}, max_steps = 4 }
            }
            """);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["plan", path], new CliContext(output, error), CancellationToken.None);
        return (code, output.ToString(), error.ToString(), path);
    }

    [Fact]
    public async Task Plan_ClassifierObjectiveMisspelt_Exit2AtMetricWithSuggestion()
    {
        var (code, _, error, path) = await PlanAsync("synthetic-majority", "val_acuracy");

        Assert.Equal(2, code);
        Assert.Contains($"{path}:4:14: sweep.objective.metric: task synthetic-majority does not report val_acuracy (did you mean val_accuracy?)", error, StringComparison.Ordinal);
        Assert.Contains("it reports step, epoch, train_loss", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_LanguageModelAskedForAccuracy_Exit2NamingPerplexity()
    {
        var (code, _, error, _) = await PlanAsync("synthetic-induction", "val_accuracy");

        Assert.Equal(2, code);
        Assert.Contains("task synthetic-induction does not report val_accuracy", error, StringComparison.Ordinal);
        Assert.Contains("val_perplexity", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_ReportedMetric_Accepted()
    {
        var (code, output, error, _) = await PlanAsync("synthetic-majority", "val_accuracy");

        Assert.True(code == 0, output + error);
    }
}
