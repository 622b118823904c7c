using System.Text;
using SweepCluster.Coordinator.Cli;

namespace SweepCluster.Coordinator.Tests.Cli;

public sealed class LogTextTests
{
    private static readonly byte[] Bytes = Encoding.UTF8.GetBytes("loss 0.5 → 0.4 ✓\n");

    [Fact]
    public void Decode_CharacterSplitAcrossReads_PrintedWholeWithTheSecondRead()
    {
        var text = new LogText();
        var cut = Array.IndexOf(Bytes, (byte)0xE2) + 1; // inside the three bytes of '→'

        var first = text.Decode("stdout.log", Bytes.AsSpan(0, cut), flush: false);
        var second = text.Decode("stdout.log", Bytes.AsSpan(cut), flush: false);

        Assert.Equal("loss 0.5 ", first);
        Assert.Equal("→ 0.4 ✓\n", second);
    }

    [Fact]
    public void Decode_EveryByteSeparately_SameTextAsAtOnce()
    {
        var text = new LogText();
        var all = new StringBuilder();
        foreach (var b in Bytes)
        {
            all.Append(text.Decode("stdout.log", [b], flush: false));
        }

        Assert.Equal("loss 0.5 → 0.4 ✓\n", all.ToString());
    }

    [Fact]
    public void Decode_FilesInterleaved_EachKeepsItsOwnUnfinishedCharacter()
    {
        var text = new LogText();
        var arrow = Encoding.UTF8.GetBytes("→");

        var outStart = text.Decode("stdout.log", arrow.AsSpan(0, 2), flush: false);
        var err = text.Decode("stderr.log", "e\n"u8, flush: false);
        var outEnd = text.Decode("stdout.log", arrow.AsSpan(2), flush: false);

        Assert.Equal(("", "e\n", "→"), (outStart, err, outEnd));
    }

    [Fact]
    public void Decode_FlushWithACutCharacter_ReplacementCharacter()
    {
        var text = new LogText();
        var arrow = Encoding.UTF8.GetBytes("→");

        var start = text.Decode("stdout.log", arrow.AsSpan(0, 2), flush: false);
        var end = text.Decode("stdout.log", [], flush: true);

        Assert.Equal(("", "\uFFFD"), (start, end));
    }

    [Fact]
    public void Clear_CutCharacterPending_NextFileStartsAfresh()
    {
        var text = new LogText();
        text.Decode("stdout.log", Encoding.UTF8.GetBytes("→").AsSpan(0, 1), flush: false);

        text.Clear();

        Assert.Equal("ok", text.Decode("stdout.log", "ok"u8, flush: false));
    }
}
