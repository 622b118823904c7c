using System.Text.Json;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class RunAndLeaderboardCommandTests : IDisposable
{
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string Sweep(string extraTrial = "")
    {
        var path = _tmp.File("s.hocon");
        var db = _tmp.File("s.db").Replace("\\", "/", StringComparison.Ordinal);
        var runs = _tmp.File("runs").Replace("\\", "/", StringComparison.Ordinal);
        File.WriteAllText(path, $$"""
            sweep {
              name = cli
              objective { metric = val_loss, mode = min }
              space { target = [0.3, 0.1, 0.2] }
              trial { task = simulated, evaluations = 3 {{extraTrial}} }
              checkpoints { keep_best = 1 }
            }
            cluster { storage = "sqlite:{{db}}", local_workers = 2, checkpoint_dir = "{{runs}}" }
            """);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliContext(output, error), CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Run_DefaultVerbSimulatedSweep_LeaderboardAndRerunShowsResults()
    {
        var file = Sweep();
        var (code, output, error) = await Cli(file);
        Assert.True(code == 0, output + error);
        Assert.Contains("3 trials planned", output);
        Assert.Contains("best checkpoint:", output);
        Assert.Contains(Path.Combine("runs", "cli"), output);

        var again = await Cli("run", file);
        Assert.Equal(0, again.Code);
        Assert.Contains("already finished", again.Out);

        var json = await Cli("leaderboard", file, "--format", "json", "--top", "2");
        Assert.Equal(0, json.Code);
        var rows = JsonDocument.Parse(json.Out).RootElement[0].GetProperty("rows");
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(0.1, rows[0].GetProperty("parameters").GetProperty("target").GetDouble());
        Assert.Equal("completed", rows[0].GetProperty("status").GetString());

        var csv = await Cli("leaderboard", "--storage", $"sqlite:{_tmp.File("s.db")}", "--sweep", "cli", "--format", "csv");
        var lines = csv.Out.Trim().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("sweep,rank,trial_id,key,target,best_value", lines[0]);
        Assert.StartsWith("cli,1,", lines[1]);

        var restarted = await Cli("run", file, "--restart");
        Assert.Equal(0, restarted.Code);
        Assert.Contains("restarting sweep cli", restarted.Out);
    }

    [Fact]
    public async Task Run_BadTrialSetting_Exit2NamingKey()
    {
        var (code, _, error) = await Cli("run", Sweep(", colour = 3"));
        Assert.Equal(2, code);
        Assert.Contains("trial.colour", error);
    }

    [Fact]
    public async Task Leaderboard_BadFormatOrUnknownSweep_Exit2()
    {
        var file = Sweep();
        Assert.Equal(0, (await Cli(file)).Code);
        var bad = await Cli("leaderboard", file, "--format", "xml");
        Assert.Equal(2, bad.Code);
        Assert.Contains("--format", bad.Err);
        var unknown = await Cli("leaderboard", "--storage", $"sqlite:{_tmp.File("s.db")}", "--sweep", "nope");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("no sweep named 'nope' (stored: cli)", unknown.Err);
        var missing = await Cli("leaderboard", "--storage", $"sqlite:{_tmp.File("absent.db")}");
        Assert.Equal(2, missing.Code);
        Assert.Contains("no database at", missing.Err);
        Assert.False(File.Exists(_tmp.File("absent.db")));
    }
}
