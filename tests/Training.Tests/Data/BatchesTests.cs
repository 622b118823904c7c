using SweepCluster.Training.Data;

namespace SweepCluster.Training.Tests.Data;

public sealed class BatchesTests
{
    [Fact]
    public void Classify_ShortAndLongExamples_PaddedAndTruncatedToBlock()
    {
        ClassifyExample[] examples = [new([5, 6], 1), new([7, 8, 9, 10, 11], 0)];
        Batch b = Batches.Classify(examples, [1, 0], 4);
        Assert.Equal([7, 8, 9, 10, 5, 6, 0, 0], b.Tokens);
        Assert.Equal([0, 1], b.Targets);
        Assert.Equal((2, 4), (b.Size, b.Length));
    }

    [Fact]
    public void ConsecutiveWindows_Stream_PredictsEveryTokenOnce()
    {
        int[] stream = [.. Enumerable.Range(10, 12)];
        List<Batch> batches = [.. Batches.ConsecutiveWindows(stream, block: 4, batchSize: 2)];
        int[] predicted = [.. batches.SelectMany(b => b.Targets)];
        Assert.Equal(stream[1..], predicted);
        Assert.Equal([10, 11, 12, 13, 14, 15, 16, 17], batches[0].Tokens);
        Assert.Equal([18, 19, 20], batches[^1].Tokens);
        Assert.Equal([19, 20, 21], batches[^1].Targets);
    }

    [Fact]
    public void Windows_Starts_TargetsAreShiftedByOne()
    {
        Batch b = Batches.Windows([1, 2, 3, 4, 5, 6], [0, 2], 3);
        Assert.Equal([1, 2, 3, 3, 4, 5], b.Tokens);
        Assert.Equal([2, 3, 4, 4, 5, 6], b.Targets);
    }

    [Fact]
    public void DataRng_RestoredState_RepeatsTheStream()
    {
        var rng = new DataRng(42);
        _ = rng.Permutation(10);
        ulong saved = rng.State;
        int[] a = rng.Permutation(50);
        rng.State = saved;
        Assert.Equal(a, rng.Permutation(50));
        Assert.Equal([.. Enumerable.Range(0, 50)], a.Order());
    }
}
