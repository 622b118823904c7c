using System.Diagnostics;
using System.Globalization;
using SweepCluster.Training.Command;
using SweepCluster.Training.Resources;
using SweepCluster.Training.Tests.Command;
using SweepCluster.Training.Trainer;

namespace SweepCluster.Training.Tests.Resources;

/// <summary>Allocator + command trainer on a fake 4-GPU worker: what the programs saw in CUDA_VISIBLE_DEVICES.</summary>
public sealed class GpuSlotsCommandTests
{
    [LinuxFact]
    public async Task CommandTrials_FourFakeGpus_NoGpuSharedAndEveryGpuFreedAlsoWhenKilled()
    {
        using var dir = new ScriptDir();
        var bin = FakeNvidiaSmi.Install(dir.Root, 4);
        var gpus = await GpuDiscovery.DiscoverAsync(bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"));
        var allocator = new SlotAllocator(gpus, cpuThreads: 16);
        var events = Path.Combine(dir.Root, "events.log");
        File.WriteAllText(events, "");
        // kill: the first four hold all GPUs together, ignore SIGTERM and are SIGKILLed after stop_grace.
        var script = dir.Script($$"""
            for a in "$@"; do case "$a" in --mode=*) mode="${a#--mode=}";; --index=*) index="${a#--index=}";; esac; done
            awk '{print $5}' /proc/$$/stat > "$SWEEP_CHECKPOINT_DIR/pid"
            echo "start $index [$CUDA_VISIBLE_DEVICES]" >> "{{events}}"
            case "$mode" in
              kill)
                trap '' TERM
                touch "{{dir.Root}}/held-$index"
                while [ "$(ls "{{dir.Root}}" | grep -c '^held-')" -lt 4 ]; do sleep 0.02; done
                echo '@@sweep {"step": 1, "val_loss": 1}'
                sleep 1000 ;;
              stop) trap 'exit 0' TERM; echo '@@sweep {"step": 1, "val_loss": 1}'; sleep 1000 & wait ;;
              crash) echo boom >&2; exit 1 ;;
              *) echo '@@sweep {"step": 1, "val_loss": 0.5}' ;;
            esac
            """);
        string[] modes = ["kill", "kill", "kill", "kill", "crash", "complete", "complete", "complete", "stop", "complete"];
        var trainer = new CommandTrainer();
        var groupAlive = new bool[modes.Length];

        async Task<TrialResult> RunOne(int i, SlotLease lease)
        {
            using (lease)
            {
                var ckpt = Path.Combine(dir.Root, $"ckpt-{i}");
                Directory.CreateDirectory(ckpt);
                var spec = dir.Spec(script, ""","stop_grace": "100ms" """, $$"""{"mode": "{{modes[i]}}", "index": {{i}}}""",
                    gpus: lease.Gpus, checkpointDir: ckpt) with { TrialId = $"t{i}" };
                var reporter = new RecordingReporter((_, _) => modes[i] is "kill" or "stop" ? TrialDecision.Stop : TrialDecision.Continue);
                var result = await Task.Run(() => trainer.RunAsync(spec, reporter, CancellationToken.None));
                groupAlive[i] = Proc.GroupAlive(Proc.ReadPid(Path.Combine(ckpt, "pid")));
                await AppendAsync(events, $"end {i} [{string.Join(',', lease.Gpus)}]");
                return result;
            }
        }

        var runs = new List<Task<TrialResult>>();
        for (var i = 0; i < modes.Length; i++)
        {
            var lease = await allocator.AcquireAsync(new ResourceRequest { GpusPerTrial = i < 8 ? 1 : 2 }, CancellationToken.None);
            runs.Add(RunOne(i, lease));
        }

        var results = await Task.WhenAll(runs);

        Assert.Equal(
            [.. modes.Select(m => m switch { "kill" or "stop" => TrialOutcome.Stopped, "crash" => TrialOutcome.Failed, _ => TrialOutcome.Completed })],
            results.Select(r => r.Outcome));
        Assert.All(groupAlive, Assert.False);
        Assert.Equal(4, allocator.FreeGpus);
        var holder = new Dictionary<int, int>();
        var peak = 0;
        var starts = 0;
        foreach (var line in File.ReadAllLines(events))
        {
            var parts = line.Split(' ');
            var trial = int.Parse(parts[1], CultureInfo.InvariantCulture);
            var seen = parts[2].Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(g => int.Parse(g, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(trial < 8 ? 1 : 2, seen.Count);
            foreach (var gpu in seen)
            {
                if (parts[0] == "start")
                {
                    Assert.False(holder.TryGetValue(gpu, out var other), $"GPU {gpu} given to trial {trial} while trial {other} held it");
                    holder[gpu] = trial;
                }
                else
                {
                    Assert.Equal(trial, holder[gpu]);
                    holder.Remove(gpu);
                }
            }

            starts += parts[0] == "start" ? 1 : 0;
            peak = Math.Max(peak, holder.Count);
        }

        Assert.Equal(modes.Length, starts);
        Assert.Empty(holder);
        Assert.Equal(4, peak);
    }

    private static async Task AppendAsync(string file, string line)
    {
        // Through the shell, so the append is O_APPEND like the programs' own writes to the shared log.
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", "echo \"$1\" >> \"$2\"", "sh", line, file } };
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }
}
