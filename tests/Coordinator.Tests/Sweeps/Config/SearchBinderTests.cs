using SweepCluster.Coordinator.Hocon;
using SweepCluster.Coordinator.Sweeps.Config;
using SweepCluster.Coordinator.Sweeps.Schedulers;

namespace SweepCluster.Coordinator.Tests.Sweeps.Config;

public sealed class SearchBinderTests
{
    private static SweepFile Load(string search, string scheduler) => SweepFileLoader.LoadText(
        $$"""
        sweep {
          search { {{search}} }
          space { lr = { loguniform = [1e-4, 1e-1] }, optimizer = [adamw, sgd] }
          trial { task = function, function = branin }
          scheduler { {{scheduler}} }
        }
        """, "sweep.hocon", new HoconOptions(), "/work/sweeps");

    private static string Error(string search, string scheduler) => Assert.Throws<ConfigException>(() => Load(search, scheduler)).Message;

    [Fact]
    public void LoadText_Tpe_BindsItsSettings()
    {
        var s = Load("algorithm = tpe, samples = 60, seed = 3, tpe { n_startup = 8, n_candidates = 32, gamma = 0.2, constant_liar = false }", "type = fifo").Sweep.Search;
        Assert.Equal(SearchAlgorithm.Tpe, s.Algorithm);
        Assert.Equal(60, s.Samples);
        Assert.Equal((8, 32, 0.2, false), (s.Tpe.NStartup, s.Tpe.NCandidates, s.Tpe.Gamma, s.Tpe.ConstantLiar));
    }

    [Fact]
    public void LoadText_TpeBlockWithRandom_ErrorNamesFileLineColumn()
    {
        var message = Error("algorithm = random, tpe { n_startup = 3 }", "type = fifo");
        Assert.Contains("sweep.hocon:2:", message);
        Assert.Contains("sweep.search.tpe: applies to search.algorithm = tpe only", message);
    }

    [Fact]
    public void LoadText_TpeGammaOne_Rejected()
    {
        Assert.Contains("sweep.search.tpe.gamma: must be between 0 and 1", Error("algorithm = tpe, tpe { gamma = 1 }", "type = fifo"));
    }

    [Fact]
    public void LoadText_Hyperband_MinTIsTheGrace()
    {
        var s = Load("algorithm = tpe", "type = hyperband, time_attr = step, min_t = 2, max_t = 54, reduction_factor = 3").Sweep.Scheduler;
        Assert.Equal((SchedulerType.Hyperband, 2L, 54L), (s.Type, s.Grace, s.MaxT!.Value));
    }

    [Fact]
    public void LoadText_HyperbandWithoutMaxT_ErrorNamesTheKey()
    {
        var message = Error("algorithm = tpe", "type = hyperband, min_t = 1");
        Assert.Contains("sweep.hocon:5:", message);
        Assert.Contains("sweep.scheduler.max_t: missing required key", message);
    }

    [Fact]
    public void LoadText_Pbt_BindsExplorePerKey()
    {
        var s = Load("algorithm = random, samples = 8", "type = pbt, perturbation_interval = 5, quantile = 0.2, resample_probability = 0.1, explore { lr = perturb, optimizer = resample }").Sweep.Scheduler;
        Assert.Equal(SchedulerType.Pbt, s.Type);
        Assert.Equal((5.0, 0.2, 0.1), (s.Pbt.PerturbationInterval, s.Pbt.Quantile, s.Pbt.ResampleProbability));
        Assert.Equal(PbtExplore.Resample, s.Pbt.Explore["optimizer"]);
        Assert.Equal(PbtExplore.Perturb, s.Pbt.Explore["lr"]);
    }

    [Fact]
    public void LoadText_PbtExploreUnknownKey_SuggestsTheSweptName()
    {
        var message = Error("algorithm = random", "type = pbt, explore { lrr = perturb }");
        Assert.Contains("sweep.hocon:5:", message);
        Assert.Contains("sweep.scheduler.explore.lrr: not a swept parameter", message);
        Assert.Contains("lr", message);
    }

    [Theory]
    [InlineData("type = pbt, quantile = 0.7", "sweep.scheduler.quantile: must be in (0, 0.5]")]
    [InlineData("type = pbt, perturbation_interval = 0", "sweep.scheduler.perturbation_interval: must be positive")]
    [InlineData("type = pbt, explore { lr = shuffle }", "sweep.scheduler.explore.lr: expected one of perturb, resample")]
    [InlineData("type = hyperband, grace = 1, min_t = 1, max_t = 9", "sweep.scheduler.min_t: give grace or min_t, not both")]
    public void LoadText_BadSchedulerSetting_ErrorNamesTheKey(string scheduler, string expected)
    {
        Assert.Contains(expected, Error("algorithm = random", scheduler));
    }
}
