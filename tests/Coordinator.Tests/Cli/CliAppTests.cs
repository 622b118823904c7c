using SweepCluster.Coordinator.Cli;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class CliAppTests : IDisposable
{
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Pa2 => Path.Combine(SharedData.RepoRoot, "examples", "pa2-encoder.hocon");

    [Fact]
    public void Plan_Pa2EncoderExample_Reports90TrialsAndConstraintCounts()
    {
        var (code, output, error) = Run("plan", Pa2);

        Assert.Equal(0, code);
        Assert.Equal("", error);
        Assert.Contains("Total: 90 trials (108 points in the grid)", output, StringComparison.Ordinal);
        Assert.Contains("  d_model % heads == 0     0\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  layers * d_model <= 512  18\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains(" 89 ", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FileWithoutVerb_UsesDefaultVerb()
    {
        var file = _dir.Write("bad.hocon", "sweep {\n  trial { task = noop }\n  space { a = [1,,2] }\n}\n");

        var (code, _, error) = Run(file);

        Assert.Equal("run", CliVerbs.DefaultVerb);
        Assert.Equal(2, code);
        Assert.Contains("bad.hocon:3:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_Limit_PrintsFewerRowsSameTotal()
    {
        var (code, output, _) = Run("plan", Pa2, "--limit", "3");

        Assert.Equal(0, code);
        Assert.Contains("... 87 more", output, StringComparison.Ordinal);
        Assert.Contains("Total: 90 trials", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MalformedHocon_Exit2WithErrorLinesOnly()
    {
        var file = _dir.Write("bad.hocon", "sweep {\n  trial { task = noop }\n  space { a = [1,,2] }\n}\n");

        var (code, output, error) = Run("plan", file);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"{file}:3:18: expected a value or ']', found ','\n    space {{ a = [1,,2] }}\n                   ^\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plan_UnknownKey_Exit2WithSuggestion()
    {
        var file = _dir.Write("bad.hocon", "sweep {\n  trial { task = classify }\n  space { haeds = [2, 4] }\n}\n");

        var (code, _, error) = Run("plan", file);

        Assert.Equal(2, code);
        Assert.Equal($"{file}:3:11: sweep.space.haeds: unknown key (did you mean heads?)\n    space {{ haeds = [2, 4] }}\n            ^\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plan_BadConstraint_Exit2NamingUnknownName()
    {
        var file = _dir.Write("bad.hocon", "sweep {\n  trial { task = classify }\n  space { layers = [2, 4] }\n  constraints = [\"layer < 4\"]\n}\n");

        var (code, _, error) = Run("plan", file);

        Assert.Equal(2, code);
        Assert.Equal(
            $"{file}:4:19: sweep.constraints[0]: unknown name 'layer' (did you mean layers?) (a constraint can use the swept parameters) in \"layer < 4\"\n    constraints = [\"layer < 4\"]\n                    ^\n",
            error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plan_ContinuousDistributionInGrid_Exit2SaysSo()
    {
        var file = _dir.Write("bad.hocon", "sweep {\n  trial { task = classify }\n  space { lr = { uniform = [0.1, 0.2] } }\n}\n");

        var (code, _, error) = Run("plan", file);

        Assert.Equal(2, code);
        Assert.Equal(
            $"{file}:3:16: sweep.space.lr: uniform is a continuous distribution and cannot be used in a grid search (give a list of values, or use search.algorithm = random)\n    space {{ lr = {{ uniform = [0.1, 0.2] }} }}\n                 ^\n",
            error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plan_BadBounds_Exit2NamingBounds()
    {
        var file = _dir.Write("bad.hocon", "sweep {\n  trial { task = classify }\n  search { algorithm = random }\n  space { lr = { loguniform = [0.1, 0.01] } }\n}\n");

        var (code, _, error) = Run("plan", file);

        Assert.Equal(2, code);
        Assert.Equal(
            $"{file}:4:31: sweep.space.lr.loguniform: bounds must satisfy 0 < low < high, found [0.1, 0.01]\n    space {{ lr = {{ loguniform = [0.1, 0.01] }} }}\n                                ^\n",
            error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plan_TrialsTheTrainerRejects_Exit2ListingThem()
    {
        var file = _dir.Write("bad.hocon", "sweep {\n  trial { task = synthetic-majority, d_model = 64 }\n  space { heads = [2, 3], layers = [1] }\n}\n");

        var (code, output, error) = Run("plan", file);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(
            $"{file}: the synthetic-majority trainer rejects 1 of 2 planned trials:\n  trial 1 (heads=3, layers=1): sweep.trial.heads: 3 does not divide d_model 64\n",
            error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plan_MissingFile_Exit2()
    {
        var file = Path.Combine(_dir.Path, "nothere.hocon");

        var (code, output, error) = Run("plan", file);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal($"{file}: file not found\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Plan_MissingArgument_Exit2WithUsageHint()
    {
        var (code, _, error) = Run("plan");

        Assert.Equal(2, code);
        Assert.Contains("Run 'Coordinator --help' for usage.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WithDefaultVerb_FirstArgumentIsVerbOrOption_Unchanged()
    {
        Assert.Equal(["plan", "x.hocon"], CliApp.WithDefaultVerb(["plan", "x.hocon"]));
        Assert.Equal(["--help"], CliApp.WithDefaultVerb(["--help"]));
        Assert.Equal([CliVerbs.DefaultVerb, "x.hocon"], CliApp.WithDefaultVerb(["x.hocon"]));
    }
}
