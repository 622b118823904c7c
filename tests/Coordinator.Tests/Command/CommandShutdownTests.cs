using System.Diagnostics;
using System.Text.Json;
using SweepCluster.Coordinator.Cli;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Command;

/// <summary>Stopping <c>run</c> while a command trial runs: the program gets SIGTERM, its whole group is gone, the trial is handed back.</summary>
public sealed class CommandShutdownTests
{
    [LinuxOnlyFact]
    public async Task Run_StoppedWhileCommandTrialRuns_GroupTerminatedAndTrialHandedBack()
    {
        using var dir = new TempDir();
        var fifo = dir.File("started");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
            await mkfifo.WaitForExitAsync();
        File.WriteAllText(dir.File("train.sh"), $$"""
            echo $$ > "{{dir.Path}}/pid"
            trap 'echo term > "{{dir.Path}}/got-term"; exit 0' TERM
            sleep 1000 &
            echo $! > "{{dir.Path}}/child"
            echo started > "{{fifo}}"
            wait
            """.ReplaceLineEndings("\n"));
        var path = dir.File("sweep.hocon");
        File.WriteAllText(path, $$"""
            sweep {
              name = shutdown
              space { x = [1] }
              trial { task = command, command = ["bash", {{Json(dir.File("train.sh"))}}], stop_grace = 1m }
            }
            cluster { storage = {{Json("sqlite:" + dir.File("s.db"))}}, checkpoint_dir = {{Json(dir.File("runs"))}}, local_workers = 1 }
            """);
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();

        var run = Task.Run(() => CliApp.RunAsync(["run", path], new CliContext(output, output), stop.Token));
        // The program signals through the FIFO that it runs (opening it blocks until the program writes).
        var started = await Task.Run(() => File.ReadAllText(fifo)).WaitAsync(TimeSpan.FromMinutes(2));
        await stop.CancelAsync();
        var code = await run;

        Assert.Equal("started\n", started);
        Assert.Equal(130, code);
        Assert.True(File.Exists(dir.File("got-term")), output.ToString());
        Assert.False(Alive(int.Parse(File.ReadAllText(dir.File("pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        Assert.False(Alive(int.Parse(File.ReadAllText(dir.File("child")).Trim(), System.Globalization.CultureInfo.InvariantCulture)));
        await using var store = await SweepStores.OpenAsync("sqlite:" + dir.File("s.db"), CancellationToken.None);
        var sweep = await store.FindSweepByNameAsync("shutdown", CancellationToken.None);
        var trial = Assert.Single(await store.GetTrialsAsync(sweep!.Id, CancellationToken.None));
        Assert.Equal(TrialStatus.Pending, trial.Status);
        Assert.Equal(0, trial.Failures);
    }

    private static string Json(string text) => JsonSerializer.Serialize(text);

    /// <summary>Whether a process exists and is not a zombie.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}

/// <summary>A fact that needs Linux (bash, setsid, /proc).</summary>
internal sealed class LinuxOnlyFactAttribute : FactAttribute
{
    public LinuxOnlyFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/bin/bash"))
            Skip = "needs Linux with bash (process groups, /proc)";
    }
}
