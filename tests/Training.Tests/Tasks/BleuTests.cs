using System.Globalization;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Tests.Tasks;

/// <summary>
/// Corpus BLEU against NLTK's <c>corpus_bleu</c>: the expected values in <c>Fixtures/bleu/expected.tsv</c> were written
/// by <c>scripts/bleu/nltk_reference.py</c> (Debian python3-nltk 3.8) from <c>cases.tsv</c>.
/// </summary>
public sealed class BleuTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Tasks", "Fixtures", "bleu");

    public static TheoryData<string> Cases() => [.. Expected().Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corpus_FixtureCase_AgreesWithNltkTo1e6(string name)
    {
        var rows = File.ReadAllLines(Path.Combine(Dir, "cases.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Where(f => f[0] == name)
            .ToList();

        double bleu = Bleu.Corpus([.. rows.Select(f => f[1])], [.. rows.Select(f => f[2])]);

        Assert.True(Math.Abs(bleu - Expected()[name]) <= 1e-6, $"{name}: {bleu:R} vs NLTK {Expected()[name]:R}");
    }

    [Fact]
    public void Corpus_IdenticalLongSentences_IsOne()
    {
        string[] text = ["a b c d e", "f g h i j k"];

        Assert.Equal(1.0, Bleu.Corpus(text, text), 12);
    }

    [Fact]
    public void Corpus_NoUnigramMatch_IsZero() => Assert.Equal(0.0, Bleu.Corpus(["x y z w"], ["a b c d"]));

    private static Dictionary<string, double> Expected() => File.ReadAllLines(Path.Combine(Dir, "expected.tsv"))
        .Select(l => l.Split('\t'))
        .ToDictionary(f => f[0], f => double.Parse(f[1], CultureInfo.InvariantCulture));
}
