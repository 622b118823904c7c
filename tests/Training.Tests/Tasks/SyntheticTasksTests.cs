using SweepCluster.Training.Data;
using SweepCluster.Training.Tasks;

namespace SweepCluster.Training.Tests.Tasks;

public sealed class SyntheticTasksTests
{
    [Fact]
    public void Majority_Examples_LabelIsKeyedMajorityButNotOverallMajority()
    {
        var s = new SyntheticSettings { SeqLen = 16, Markers = 3, Vocab = 10 };
        IReadOnlyList<ClassifyExample> examples = SyntheticTasks.Majority(s, 200, 0);
        int firstMarker = 2 + s.Vocab;
        int key = firstMarker + s.Markers;
        foreach (ClassifyExample e in examples)
        {
            int[] keyed = new int[s.Markers];
            int[] all = new int[s.Markers];
            for (int i = 0; i < e.Tokens.Length; i++)
            {
                int m = e.Tokens[i] - firstMarker;
                if (m >= 0 && m < s.Markers)
                {
                    all[m]++;
                    if (i > 0 && e.Tokens[i - 1] == key)
                    {
                        keyed[m]++;
                    }
                }
            }

            Assert.Equal(e.Label, Array.IndexOf(keyed, keyed.Max()));
            Assert.Equal(1, keyed.Count(c => c == keyed.Max()));
            Assert.NotEqual(e.Label, Array.IndexOf(all, all.Max()));
        }

        Assert.Equal(examples.Select(e => e.Label), SyntheticTasks.Majority(s, 200, 0).Select(e => e.Label));
        Assert.Equal(3, examples.Select(e => e.Label).Distinct().Count());
    }

    [Fact]
    public void Induction_Stream_SecondHalfCopiesFirst()
    {
        var s = new SyntheticSettings { SeqLen = 5, Vocab = 8 };
        int[] stream = SyntheticTasks.Induction(s, 3, 0);
        Assert.Equal(33, stream.Length);
        for (int e = 0; e < 3; e++)
        {
            int at = e * 11;
            Assert.Equal(2 + s.Vocab, stream[at]);
            Assert.Equal(stream.AsSpan(at + 1, 5).ToArray(), stream.AsSpan(at + 6, 5).ToArray());
        }

        Assert.NotEqual(stream, SyntheticTasks.Induction(s, 3, 1));
    }
}
