using System.Globalization;
using System.Text.Json;
using SweepCluster.Coordinator.Api;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Sweeps.Runtime;

namespace SweepCluster.Coordinator.Tests.Command;

/// <summary>
/// The issue's GPU test through a real sweep: a fake 4-GPU <c>nvidia-smi</c>, 8 command trials of 1 GPU (0–3 are killed
/// by their timeout after ignoring SIGTERM, 4 crashes) and 2 of 2 GPUs. Each program checks, from what it saw in
/// <c>CUDA_VISIBLE_DEVICES</c>, that no process of an earlier holder of its GPUs is still alive, and logs its start.
/// </summary>
internal sealed class GpuSweepKit
{
    private readonly string _root;

    public GpuSweepKit(string root)
    {
        _root = root;
        Bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(Bin);
        var smi = Path.Combine(Bin, "nvidia-smi");
        File.WriteAllText(smi, "#!/bin/sh\n" + string.Concat(Enumerable.Range(0, 4).Select(i => $"echo '{i}, NVIDIA Fake, 24576 MiB'\n")));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(smi, (UnixFileMode)Convert.ToInt32("755", 8));
        }
        File.WriteAllText(Events, "");
        File.WriteAllText(Script, $$"""
            for a in "$@"; do case "$a" in --index=*) index="${a#--index=}";; esac; done
            alive() { # is a process of group $1 alive (zombies are dead)?
              pg="$1"
              for f in /proc/[0-9]*/stat; do
                read -r s < "$f" 2>/dev/null || continue
                set -- ${s##*) }
                [ "$3" = "$pg" ] && [ "$1" != Z ] && [ "$1" != X ] && return 0
              done
              return 1
            }
            read -r me < /proc/$$/stat; set -- ${me##*) }; group="$3" # the attempt's process group (led by the supervisor)
            for g in $(echo "$CUDA_VISIBLE_DEVICES" | tr ',' ' '); do
              until mkdir "{{root}}/lock-$g" 2>/dev/null; do sleep 0.01; done
              if [ -f "{{root}}/gpu-$g" ]; then prev=$(cat "{{root}}/gpu-$g"); alive "$prev" && echo "shared $index $g $prev" >> "{{Events}}"; fi
              echo "$group" > "{{root}}/gpu-$g"
              rmdir "{{root}}/lock-$g"
            done
            echo "start $index $group [$CUDA_VISIBLE_DEVICES]" >> "{{Events}}"
            if [ "$index" -lt 4 ]; then
              trap '' TERM
              touch "{{root}}/held-$index"
              while [ "$(ls "{{root}}" | grep -c '^held-')" -lt 4 ]; do sleep 0.02; done
              echo "held4 $index" >> "{{Events}}"
              echo '@@sweep {"step": 1, "val_loss": 1}'
              sleep 1000
            elif [ "$index" = 4 ]; then
              echo boom >&2; exit 1
            fi
            echo '@@sweep {"step": 1, "val_loss": 0.5}'
            """.ReplaceLineEndings("\n"));
    }

    /// <summary>The folder holding the fake nvidia-smi.</summary>
    public string Bin { get; }

    private string Events => Path.Combine(_root, "events.log");

    private string Script => Path.Combine(_root, "train.sh");

    /// <summary>The sweep file (10 trials; per-trial GPUs and timeouts through swept <c>resources</c>/<c>timeout</c>).</summary>
    public string SweepText(string storage, string checkpoints, int localWorkers) => $$"""
        sweep {
          name = gpus
          space { index = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "resources.gpus_per_trial" = [1, 2], timeout = ["5s", "10m"] }
          constraints = [
            "(index < 8 && resources.gpus_per_trial == 1) || (index >= 8 && resources.gpus_per_trial == 2)",
            "(index < 4 && timeout == '5s') || (index >= 4 && timeout == '10m')"
          ]
          trial { task = command, command = ["/bin/sh", {{Json(Script)}}], stop_grace = 100ms }
          budget { max_failures_per_trial = 1 }
        }
        cluster { storage = {{Json(storage)}}, checkpoint_dir = {{Json(checkpoints)}}, local_workers = {{localWorkers}} }
        """;

    /// <summary>Asserts what the programs saw: no GPU shared, the right count each, four held at once, every group gone.</summary>
    public void AssertGpusNeverShared()
    {
        var lines = File.ReadAllLines(Events);
        Assert.DoesNotContain(lines, l => l.StartsWith("shared ", StringComparison.Ordinal));
        var starts = lines.Where(l => l.StartsWith("start ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        Assert.Equal(Enumerable.Range(0, 10), starts.Select(p => int.Parse(p[1], CultureInfo.InvariantCulture)).Order());
        foreach (var p in starts)
        {
            var index = int.Parse(p[1], CultureInfo.InvariantCulture);
            var gpus = p[3].Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries).Select(g => int.Parse(g, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(index < 8 ? 1 : 2, gpus.Distinct().Count());
            Assert.Equal(gpus.Count, gpus.Distinct().Count());
            Assert.All(gpus, g => Assert.InRange(g, 0, 3));
            Assert.False(GroupAlive(int.Parse(p[2], CultureInfo.InvariantCulture)), $"trial {index}'s process group outlived it");
        }

        Assert.Equal(4, lines.Count(l => l.StartsWith("held4 ", StringComparison.Ordinal)));
    }

    /// <summary>Asserts the outcomes: 0–4 failed once and are dead, 5–9 completed.</summary>
    public static async Task AssertOutcomesAsync(ISweepStore store, string sweepId)
    {
        var trials = await store.GetTrialsAsync(sweepId, CancellationToken.None);
        Assert.Equal(10, trials.Count);
        Assert.Equal(5, trials.Count(t => t.Status == TrialStatus.Completed));
        Assert.Equal(5, trials.Count(t => t.Status == TrialStatus.Dead));
    }

    /// <summary>Whether any non-zombie process of group <paramref name="group"/> exists.</summary>
    public static bool GroupAlive(int group)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[2] == group.ToString(CultureInfo.InvariantCulture) && fields[0] is not ("Z" or "X"))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // gone meanwhile, or not a process
            }
            catch (UnauthorizedAccessException)
            {
                // not ours
            }
        }

        return false;
    }

    /// <summary>A started coordinator (real store, broker and API) on a free port, tokens <c>wt</c>/<c>at</c>.</summary>
    public static async Task<ClusterHost> StartHostAsync(string database)
    {
        var host = await ClusterHost.CreateAsync(
            "sqlite:" + database, new ApiOptions { Listen = "http://127.0.0.1:0", WorkerToken = "wt", AdminToken = "at" },
            new RuntimeOptions { LeaseTtl = TimeSpan.FromSeconds(60), HeartbeatInterval = TimeSpan.FromSeconds(1) },
            TimeProvider.System, submit: null, CancellationToken.None);
        await host.StartAsync(CancellationToken.None);
        return host;
    }

    /// <summary>A one-trial sweep running <c>/bin/sh <paramref name="script"/></c>, checkpoints under <paramref name="runs"/>.</summary>
    public static SweepDefinition OneCommandTrial(string name, string script, string runs) => new()
    {
        Name = name,
        Task = "command",
        Trial = JsonSerializer.SerializeToElement(new { task = "command", command = new[] { "/bin/sh", script } }),
        CheckpointDir = runs,
        Plan = [new Coordinator.Sweeps.Planning.PlannedTrial(0, "x=1", new Dictionary<string, JsonElement> { ["x"] = JsonSerializer.SerializeToElement(1) })],
    };

    private static string Json(string text) => JsonSerializer.Serialize(text);
}
