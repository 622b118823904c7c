using SweepCluster.GpuWorker.Agent;

namespace SweepCluster.GpuWorker.Tests.Agent;

public sealed class OutboxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sweep-outbox-").FullName;
    private readonly List<string> _log = [];

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Open_AfterRestart_KeepsEntriesInOrder()
    {
        var box = Outbox.Open(_dir, 100, _log.Add);
        box.Add(OutboxKind.Report, "t1", 1, 5, "{\"a\":1}");
        box.Add(OutboxKind.Complete, "t1", 1, 5, "{\"b\":\n2}");
        var again = Outbox.Open(_dir, 100, _log.Add);
        Assert.Equal(2, again.Count);
        var first = again.Peek()!;
        Assert.Equal((OutboxKind.Report, "t1", 1, 5L, "{\"a\":1}"), (first.Kind, first.TrialId, first.Attempt, first.FencingToken, first.Body));
        again.Remove(first);
        Assert.Equal("{\"b\":\n2}", again.Peek()!.Body);
        var third = again.Add(OutboxKind.Report, "t2", 1, 1, "{}");
        Assert.True(third.Sequence > first.Sequence + 1);
    }

    [Fact]
    public void Add_WhenFull_DropsOldestReportButNeverCompletions()
    {
        var box = Outbox.Open(_dir, 3, _log.Add);
        box.Add(OutboxKind.Complete, "t0", 1, 1, "c");
        box.Add(OutboxKind.Report, "t1", 1, 1, "r1");
        box.Add(OutboxKind.Report, "t1", 1, 1, "r2");
        box.Add(OutboxKind.Fail, "t1", 1, 1, "f");
        Assert.Equal(3, box.Count);
        var bodies = new List<string>();
        while (box.Peek() is { } e)
        {
            bodies.Add(e.Body);
            box.Remove(e);
        }

        Assert.Equal(["c", "r2", "f"], bodies);
        Assert.Contains(_log, l => l.Contains("dropping the oldest Report", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Open_DamagedEntry_IsDroppedWithALogLine()
    {
        File.WriteAllText(Path.Combine(_dir, "000000000001.entry"), "Report\nt1");
        File.WriteAllText(Path.Combine(_dir, "000000000002.tmp"), "torn");
        var box = Outbox.Open(_dir, 10, _log.Add);
        Assert.Equal(0, box.Count);
        Assert.Single(_log);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void HasEntriesFor_OnlyThatTrial_True()
    {
        var box = Outbox.Open(_dir, 10, _log.Add);
        box.Add(OutboxKind.Report, "t1", 1, 1, "{}");
        Assert.True(box.HasEntriesFor("t1"));
        Assert.False(box.HasEntriesFor("t2"));
    }

    [Fact]
    public void Add_UploadWithTar_MovesTarIntoOutboxAndRemoveDeletesIt()
    {
        var tar = Path.Combine(_dir, "x.tar");
        File.WriteAllText(tar, "data");
        var box = Outbox.Open(Path.Combine(_dir, "box"), 10, _log.Add);
        var e = box.Add(OutboxKind.UploadLast, "t1", 1, 1, "", tar);
        Assert.False(File.Exists(tar));
        Assert.Equal("data", File.ReadAllText(box.TarPath(e)));
        box.Remove(e);
        Assert.False(File.Exists(box.TarPath(e)));
    }
}
