using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Cli;

/// <summary>A plan larger than search.max_points is refused before it is expanded, exit 2 (issue 19, item 2).</summary>
public sealed class PlanLimitTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private async Task<(int Code, string Out, string Err)> PlanAsync(string search, string space)
    {
        var path = _tmp.File("s.hocon");
        File.WriteAllText(path, $$"""
            sweep {
              name = big
              search { {{search}} }
              space { {{space}} }
              trial { task = simulated, evaluations = 1 }
            }
            """);
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["plan", path], new CliContext(output, error), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Plan_MillionPointGrid_Exit2NamingCountAndLimit()
    {
        var (code, _, error) = await PlanAsync("algorithm = grid", "a { int = [1, 1000] }, b { int = [1, 1000] }, target = [0.1]");

        Assert.Equal(2, code);
        Assert.Contains("the grid has 1000000 points, more than search.max_points = 100000", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_AstronomicalIntAxes_Exit2WithoutEnumerating()
    {
        var (code, _, error) = await PlanAsync("algorithm = grid",
            "a { int = [0, 4000000000000] }, b { int = [0, 4000000000000] }, c { int = [0, 4000000000000] }, target = [0.1]");

        Assert.Equal(2, code);
        Assert.Contains($"the grid has more than {long.MaxValue} points", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_TooManySamples_Exit2NamingSamples()
    {
        var (code, _, error) = await PlanAsync("algorithm = random, samples = 200000", "target = { uniform = [0, 1] }");

        Assert.Equal(2, code);
        Assert.Contains("sweep.search.samples: 200000 samples, more than search.max_points = 100000", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_RaisedMaxPoints_Accepted()
    {
        var (code, output, error) = await PlanAsync("algorithm = grid, max_points = 200000", "a { int = [1, 400] }, b { int = [1, 400] }, target = [0.1]");

        Assert.True(code == 0, output + error);
        Assert.Contains("160000", output, StringComparison.Ordinal);
    }
}
