using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Planning;

namespace SweepCluster.Coordinator.Tests.Sweeps.Planning;

public sealed class SweepPlannerTests
{
    private static SweepConfig Load(string body) =>
        SweepFileLoader.LoadText($"sweep {{ trial {{ task = noop }}\n{body}\n}}", options: HoconOptions.WithoutEnvironment).Sweep;

    [Fact]
    public void Plan_Pa2EncoderExample_Has90TrialsAnd18RemovedBySecondConstraint()
    {
        var file = SweepFileLoader.Load(Path.Combine(SharedData.RepoRoot, "examples", "pa2-encoder.hocon"), HoconOptions.WithoutEnvironment);

        var plan = SweepPlanner.Plan(file.Sweep);

        Assert.Equal(108, plan.Candidates);
        Assert.Equal(90, plan.Total);
        Assert.Equal([0, 18], plan.Removed.Select(r => r.Removed));
        Assert.Equal(90, plan.Trials.Select(t => t.Key).Distinct().Count());
        Assert.DoesNotContain(plan.Trials, t => t.Parameters["layers"].GetInt32() * t.Parameters["d_model"].GetInt32() > 512);
    }

    [Fact]
    public void Plan_Grid_OrdersLikeNestedLoopsInFileOrder()
    {
        var plan = SweepPlanner.Plan(Load("space { a = [1, 2], b = [x, y, z] }"));

        var points = plan.Trials.Select(t => $"{t.Parameters["a"]}{t.Parameters["b"]}").ToList();
        Assert.Equal(["1x", "1y", "1z", "2x", "2y", "2z"], points);
        Assert.Equal(Enumerable.Range(0, 6), plan.Trials.Select(t => t.Index));
        Assert.Equal(["a", "b"], plan.Trials[0].Parameters.Keys);
    }

    [Fact]
    public void Plan_GridWithIntStep_EnumeratesInclusiveRange()
    {
        var plan = SweepPlanner.Plan(Load("space { n = { int = [2, 8], step = 3 } }"));

        Assert.Equal([2, 5, 8], plan.Trials.Select(t => t.Parameters["n"].GetInt32()));
    }

    [Fact]
    public void Plan_SameSpaceTwice_SameKeys()
    {
        var first = SweepPlanner.Plan(Load("space { a = [1, 2], lr = [0.001, 0.01] }"));
        var second = SweepPlanner.Plan(Load("space { lr = [1e-3, 1e-2], a = [1, 2] }"));

        Assert.Equal(first.Trials.Select(t => t.Key).Order(), second.Trials.Select(t => t.Key).Order());
        Assert.All(first.Trials, t => Assert.Matches("^[0-9a-f]{12}$", t.Key));
    }

    [Fact]
    public void Plan_RandomSameSeed_SameDraws()
    {
        const string body = "search { algorithm = random, samples = 12, seed = 7 }\nspace { lr = { loguniform = [1e-4, 1e-2] }, layers = [1, 2, 3], d = { int = [16, 64], step = 16 } }";

        var first = SweepPlanner.Plan(Load(body));
        var second = SweepPlanner.Plan(Load(body));

        Assert.Equal(12, first.Total);
        Assert.Equal(first.Trials.Select(t => t.Key), second.Trials.Select(t => t.Key));
        Assert.All(first.Trials, t =>
        {
            var lr = t.Parameters["lr"].GetDouble();
            Assert.InRange(lr, 1e-4, 1e-2);
            Assert.Contains(t.Parameters["d"].GetInt32(), new[] { 16, 32, 48, 64 });
        });
    }

    [Fact]
    public void Plan_RandomDifferentSeed_DifferentDraws()
    {
        var a = SweepPlanner.Plan(Load("search { algorithm = random, samples = 5, seed = 1 }\nspace { lr = { uniform = [0, 1] } }"));
        var b = SweepPlanner.Plan(Load("search { algorithm = random, samples = 5, seed = 2 }\nspace { lr = { uniform = [0, 1] } }"));

        Assert.NotEqual(a.Trials.Select(t => t.Key), b.Trials.Select(t => t.Key));
    }

    [Fact]
    public void Plan_RandomSmallDiscreteSpace_DeduplicatesAndStopsAtSpaceSize()
    {
        var plan = SweepPlanner.Plan(Load("search { algorithm = random, samples = 10, seed = 3 }\nspace { a = [1, 2], b = [1, 2] }\nconstraints = [\"a != b\"]"));

        Assert.Equal(2, plan.Total);
        Assert.Equal(2, plan.Trials.Select(t => t.Key).Distinct().Count());
        Assert.True(plan.Duplicates > 0);
        Assert.True(plan.Removed[0].Removed > 0);
        Assert.Equal(10 * SweepPlanner.DrawsPerSample, plan.Candidates);
    }

    [Fact]
    public void Plan_ConstraintTypeError_ThrowsConfigExceptionNamingConstraint()
    {
        var sweep = Load("space { opt = [adamw, sgd] }\nconstraints = [\"opt * 2 > 1\"]");

        var e = Assert.Throws<ConfigException>(() => SweepPlanner.Plan(sweep));

        Assert.Equal("sweep.constraints[0]: '*' needs numbers, found a string ('adamw') and a number (2) in \"opt * 2 > 1\" (at opt=adamw)", e.Message);
    }
}
