using System.Diagnostics;
using System.Globalization;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Command;

/// <summary>A real GpuWorker process runs a command trial and is SIGKILLed: the trial's process group must not outlive it.</summary>
public sealed class WorkerKillTests
{
    [LinuxOnlyFact]
    public async Task Agent_SigkilledWhileCommandTrialRuns_TrialProcessGroupGone()
    {
        using var dir = new TempDir();
        var worker = Path.Combine(AppContext.BaseDirectory, "GpuWorker");
        Assert.True(File.Exists(worker), $"{worker} missing");
        File.WriteAllText(dir.File("train.sh"), $$"""
            trap 'exit 0' TERM
            sleep 1000 &
            read -r me < /proc/$$/stat; set -- ${me##*) }
            echo "$3 $!" > "{{dir.Path}}/pids.tmp"
            mv "{{dir.Path}}/pids.tmp" "{{dir.Path}}/pids"
            wait
            """.ReplaceLineEndings("\n"));
        await using var host = await GpuSweepKit.StartHostAsync(dir.File("s.db"));
        await host.AddAsync(GpuSweepKit.OneCommandTrial("kill", dir.File("train.sh"), dir.File("runs")), CancellationToken.None);
        var start = new ProcessStartInfo(worker)
        {
            ArgumentList = { "--coordinator", host.BaseAddress.GetLeftPart(UriPartial.Authority), "--token", "wt", "--slots", "1", "--work-dir", dir.File("worker") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var agent = Process.Start(start)!;
        List<int> pids;
        try
        {
            var log = agent.StandardOutput.ReadToEndAsync();
            _ = agent.StandardError.ReadToEndAsync();
            var started = await Poll.UntilAsync(() => File.Exists(dir.File("pids")) || agent.HasExited, TimeSpan.FromMinutes(2));
            Assert.True(started && !agent.HasExited, "the trial did not start: " + (agent.HasExited ? await log : ""));
            pids = [.. File.ReadAllText(dir.File("pids")).Split(' ', StringSplitOptions.TrimEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))];
            Assert.True(GpuSweepKit.GroupAlive(pids[0]));
        }
        finally
        {
            agent.Kill(); // SIGKILL: no handler of the worker runs
            await agent.WaitForExitAsync();
        }

        Assert.True(await Poll.UntilAsync(() => !GpuSweepKit.GroupAlive(pids[0]), TimeSpan.FromSeconds(30)), $"process group {pids[0]} outlived its SIGKILLed worker");
    }
}
