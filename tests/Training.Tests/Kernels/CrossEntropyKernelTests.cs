using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class CrossEntropyKernelTests
{
    public static TheoryData<int, int> Shapes() => new() { { 1, 1 }, { 7, 13 }, { 33, 65 }, { 9, 5755 }, { 3, 8000 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardBackward_OddShapes_MatchesScalarReference(int rows, int vocab)
    {
        float[] logits = KernelAssert.Random(rows * vocab, rows + vocab, 5f);
        int[] targets = Targets(rows, vocab);
        float[] expected = KernelAssert.Random(rows * vocab, 1);
        float[] actual = (float[])expected.Clone();

        double lossExpected = CrossEntropyKernel.ForwardBackwardScalar(expected, logits, targets, rows, vocab, 0.25f);
        double lossActual = CrossEntropyKernel.ForwardBackward(actual, logits, targets, rows, vocab, 0.25f);

        Assert.Equal(lossExpected, lossActual, 1e-5 * Math.Max(1, lossExpected));
        KernelAssert.Close(expected, actual, 1e-5f, 1e-8f);
        Assert.All(actual.AsSpan(0, vocab).ToArray(), v => Assert.Equal(0f, v)); // row 0 is ignored
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_OddShapes_MatchesScalarReferenceAndArgmax(int rows, int vocab)
    {
        float[] logits = KernelAssert.Random(rows * vocab, rows * vocab, 5f);
        int[] targets = Targets(rows, vocab);
        var argExpected = new int[rows];
        var argActual = new int[rows];

        double lossExpected = CrossEntropyKernel.ForwardScalar(logits, targets, rows, vocab, argExpected);
        double lossActual = CrossEntropyKernel.Forward(logits, targets, rows, vocab, argActual);
        double lossNoArgmax = CrossEntropyKernel.Forward(logits, targets, rows, vocab, []);

        Assert.Equal(lossExpected, lossActual, 1e-5 * Math.Max(1, lossExpected));
        Assert.Equal(lossActual, lossNoArgmax);
        Assert.Equal(argExpected, argActual);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(logits.AsSpan(r * vocab, vocab).ToArray().Max(), logits[(r * vocab) + argActual[r]]);
        }
    }

    [Fact]
    public void ForwardBackwardScalar_TwoRows_MatchesHandComputedLoss()
    {
        float[] logits = [0f, 0f, 0f, 1f, 2f, 3f];
        int[] targets = [2, 0];
        var d = new float[6];

        double loss = CrossEntropyKernel.ForwardBackwardScalar(d, logits, targets, 2, 3, 1f);

        double second = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)) - 1;
        Assert.Equal(Math.Log(3) + second, loss, 1e-6);
        KernelAssert.Close([1f / 3, 1f / 3, -2f / 3], d.AsSpan(0, 3), 1e-6f, 1e-7f);
        Assert.Equal(0.0, d.Sum(v => (double)v), 1e-6);
    }

    private static int[] Targets(int rows, int vocab)
    {
        var targets = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            targets[r] = r == 0 && rows > 1 ? -1 : (r * 7919) % vocab;
        }

        return targets;
    }
}
