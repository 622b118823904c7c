using SweepCluster.Training.Data;

namespace SweepCluster.Training.Tests.Data;

public sealed class TsvReaderTests
{
    [Fact]
    public void Parse_CrlfBlankLinesNoFinalNewline_ReadsEveryRow()
    {
        IReadOnlyList<LabelledText> rows = TsvReader.Parse("0\tFirst one.\r\n\r\n2\tSecond\tpart\r\n   \n1\tLast", "f.tsv");
        Assert.Equal(3, rows.Count);
        Assert.Equal(new LabelledText("0", "First one.", 1), rows[0]);
        Assert.Equal(new LabelledText("2", "Second\tpart", 3), rows[1]);
        Assert.Equal(new LabelledText("1", "Last", 5), rows[2]);
    }

    [Fact]
    public void Parse_LineWithoutTab_FailsNamingFileAndLine()
    {
        var e = Assert.Throws<DataException>(() => TsvReader.Parse("0\tok\nno tab here\n", "train.tsv"));
        Assert.StartsWith("train.tsv:2:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_FailsNamingIt()
    {
        var e = Assert.Throws<DataException>(() => TsvReader.Read("/nonexistent/x.tsv"));
        Assert.StartsWith("/nonexistent/x.tsv:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelMapBuild_IntegerLabels_KeepTheirValues()
    {
        var map = LabelMap.Build(["2", "0", "1", "0"]);
        Assert.Equal(["0", "1", "2"], map.Names);
        Assert.Equal(2, map.Id("2", "x"));
    }

    [Fact]
    public void LabelMapBuild_StringLabels_NumberedByFirstAppearance()
    {
        var map = LabelMap.Build(["pos", "neg", "pos", "mixed"]);
        Assert.Equal(["pos", "neg", "mixed"], map.Names);
        Assert.Equal(1, map.Id("neg", "x"));
        var e = Assert.Throws<DataException>(() => map.Id("other", "test.tsv:7"));
        Assert.StartsWith("test.tsv:7:", e.Message, StringComparison.Ordinal);
    }
}
