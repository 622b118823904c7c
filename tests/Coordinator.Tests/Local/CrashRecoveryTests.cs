using System.Diagnostics;
using System.Text.Json;
using SweepCluster.Coordinator.Storage;
using SweepCluster.Coordinator.Sweeps.Lifecycle;
using SweepCluster.Coordinator.Tests.Support;

namespace SweepCluster.Coordinator.Tests.Local;

/// <summary>
/// A child process runs <c>Coordinator run</c> on the simulated task with 2 local workers and is killed (SIGKILL) after a
/// seeded number of progress lines, several times, then run to its end. After every kill and at the end the database must
/// hold a consistent sweep: no trial completed twice, nothing reported after a trial ended, every planned trial present.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private const int Planned = 10;
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private string _storage = "";

    private string WriteSweep(string storage)
    {
        _storage = storage;
        var path = _tmp.File("crash.hocon");
        File.WriteAllText(path, $$"""
            sweep {
              name = crash
              objective { metric = val_loss, mode = min }
              space { target = [{{string.Join(", ", Enumerable.Range(1, Planned).Select(i => (i / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture)))}}] }
              trial { task = simulated, evaluations = 6, delay_ms = 50 }
              scheduler { type = asha, grace = 2, reduction_factor = 3, max_t = 5 }
              budget { max_failures_per_trial = 3 }
              checkpoints { keep_best = 3 }
            }
            cluster { storage = {{JsonSerializer.Serialize(storage)}}, local_workers = 2, checkpoint_dir = runs }
            """);
        return path;
    }

    private Process Start(string sweep)
    {
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = _tmp.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Coordinator.dll"));
        psi.ArgumentList.Add("run");
        psi.ArgumentList.Add(sweep);
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start the coordinator");
    }

    private async Task<(IReadOnlyList<TrialRecord> Trials, IReadOnlyList<MetricRecord> Metrics, IReadOnlyList<JournalEntry> Journal, SweepRecord Sweep)> ReadAsync()
    {
        // after a kill the read model may lag the journal: a restarted runtime's projection completes it first
        await using var kit = await RuntimeKit.StartAsync(_storage.StartsWith("sqlite:", StringComparison.Ordinal) ? _tmp.File("crash.db") : _storage);
        var store = kit.Store;
        var sweep = (await store.FindSweepByNameAsync("crash", CancellationToken.None))!;
        return (await store.GetTrialsAsync(sweep.Id, CancellationToken.None), await store.GetMetricsAsync(sweep.Id, CancellationToken.None),
            await store.GetJournalAsync(sweep.Id, 0, CancellationToken.None), sweep);
    }

    private static void CheckInvariants(IReadOnlyList<TrialRecord> trials, IReadOnlyList<MetricRecord> metrics, IReadOnlyList<JournalEntry> journal)
    {
        var ended = journal.Where(e => e.Type is "TrialCompleted" or "TrialStopped")
            .Select(e => JsonDocument.Parse(e.Payload).RootElement)
            .Where(p => p.GetProperty("status").GetString() is "Completed" or "Stopped")
            .Select(p => p.GetProperty("trial").GetString()).ToList();
        Assert.Equal(ended.Count, ended.Distinct().Count());
        foreach (var t in trials.Where(t => TrialLifecycle.IsTerminal(t.Status)))
        {
            Assert.DoesNotContain(metrics, m => m.TrialId == t.Id && m.At > t.FinishedAt);
        }

        Assert.All(trials.Where(t => t.Status is TrialStatus.Completed or TrialStatus.Stopped), t => Assert.Contains(t.Id, ended));
        Assert.Equal(metrics.Count, metrics.Select(m => (m.TrialId, m.Attempt, m.Step)).Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Run_KilledAtRandomPoints_ResumesAndEndsConsistent(int seed) => KilledAtRandomPointsAsync(seed, "sqlite:crash.db");

    [Storage.Postgres.PostgresTheory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task Run_KilledAtRandomPointsOnPostgres_ResumesAndEndsConsistent(int seed) =>
        await KilledAtRandomPointsAsync(seed, "postgres:" + await Storage.Postgres.PostgresTestDatabase.CreateSchemaAsync());

    private async Task KilledAtRandomPointsAsync(int seed, string storage)
    {
        var sweep = WriteSweep(storage);
        var rng = new Random(seed);
        for (var kill = 0; kill < 3; kill++)
        {
            using var child = Start(sweep);
            var linesBeforeKill = rng.Next(1, 8);
            var seen = 0;
            while (seen < linesBeforeKill && await child.StandardOutput.ReadLineAsync() is not null)
            {
                seen++;
            }

            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
            var (trials, metrics, journal, _) = await ReadAsync();
            CheckInvariants(trials, metrics, journal);
        }

        using var last = Start(sweep);
        var output = await last.StandardOutput.ReadToEndAsync();
        var errors = await last.StandardError.ReadToEndAsync();
        await last.WaitForExitAsync();
        Assert.True(last.ExitCode == 0, $"exit {last.ExitCode}\n{output}\n{errors}");
        var final = await ReadAsync();
        Assert.Equal(SweepStatus.Completed, final.Sweep.Status);
        Assert.Equal(Planned, final.Trials.Count);
        Assert.All(final.Trials, t => Assert.Contains(t.Status, new[] { TrialStatus.Completed, TrialStatus.Stopped }));
        CheckInvariants(final.Trials, final.Metrics, final.Journal);
        Assert.True(output.Contains("resuming sweep crash", StringComparison.Ordinal) || output.Contains("already finished", StringComparison.Ordinal), output);
        Assert.Contains("best checkpoint:", output);
    }
}
