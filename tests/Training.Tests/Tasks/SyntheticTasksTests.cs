using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Tests.Tasks;

public sealed class SyntheticTasksTests
{
    [Fact]
    public void Majority_Examples_LabelFollowsTheKeyWhileBothMarkersOccurEquallyOften()
    {
        var s = new SyntheticSettings { SeqLen = 20, Markers = 3, Vocab = 10 };
        IReadOnlyList<ClassifyExample> examples = SyntheticTasks.Majority(s, 200, 0);
        int firstMarker = 2 + s.Vocab, key = firstMarker + s.Markers, cls = key + 1;
        Assert.Equal(cls + 1, SyntheticTasks.MajorityVocabulary(s).Count);
        foreach (ClassifyExample e in examples)
        {
            Assert.Equal(cls, e.Tokens[0]);
            int[] all = new int[s.Markers];
            int[] keyed = new int[s.Markers];
            for (int i = 1; i < e.Tokens.Length; i++)
            {
                int m = e.Tokens[i] - firstMarker;
                if (m >= 0 && m < s.Markers)
                {
                    all[m]++;
                    keyed[m] += e.Tokens[i - 1] == key ? 1 : 0;
                }
            }

            Assert.Equal(4, all[e.Label]);
            Assert.Equal(4, keyed[e.Label]);
            Assert.Equal(2, all.Count(c => c == 4));
            Assert.Equal(8, all.Sum());
            Assert.Equal(4, keyed.Sum());
        }

        Assert.Equal(examples.Select(e => e.Tokens), SyntheticTasks.Majority(s, 200, 0).Select(e => e.Tokens));
        Assert.NotEqual(examples.Select(e => e.Tokens), SyntheticTasks.Majority(s, 200, 1).Select(e => e.Tokens));
        Assert.Equal(3, examples.Select(e => e.Label).Distinct().Count());
    }

    [Fact]
    public void Majority_SequenceShorterThanEightPairs_Throws()
    {
        var s = new SyntheticSettings { SeqLen = SyntheticTasks.MajorityMinLength - 1 };

        Assert.Throws<ArgumentException>(() => SyntheticTasks.Majority(s, 1, 0));
    }

    [Fact]
    public void Induction_Stream_SecondHalfCopiesFirstWithVaryingLengths()
    {
        var s = new SyntheticSettings { SeqLen = 6, Vocab = 8 };
        int[] stream = SyntheticTasks.Induction(s, 40, 0);
        int sep = 2 + s.Vocab;
        var lengths = new HashSet<int>();
        int at = 0;
        for (int e = 0; e < 40; e++)
        {
            Assert.Equal(sep, stream[at]);
            int next = Array.IndexOf(stream, sep, at + 1);
            int k = ((next < 0 ? stream.Length : next) - at - 1) / 2;
            Assert.InRange(k, 3, 6);
            Assert.Equal(stream.AsSpan(at + 1, k).ToArray(), stream.AsSpan(at + 1 + k, k).ToArray());
            lengths.Add(k);
            at += (2 * k) + 1;
        }

        Assert.Equal(stream.Length, at);
        Assert.True(lengths.Count > 1);
        Assert.NotEqual(stream, SyntheticTasks.Induction(s, 40, 1));
    }
}
