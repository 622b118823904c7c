using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class SoftmaxKernelTests
{
    public static TheoryData<int, int> Rows() => new() { { 1, 1 }, { 7, 13 }, { 13, 13 }, { 1, 65 }, { 40, 128 }, { 100, 100 } };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Forward_CausalRow_MatchesScalarReferenceAndZeroesTail(int length, int width)
    {
        float[] row = KernelAssert.Random(width, length * width, 8f);
        float[] expected = (float[])row.Clone();
        float[] actual = (float[])row.Clone();

        SoftmaxKernel.ForwardScalar(expected, length);
        SoftmaxKernel.Forward(actual, length);

        KernelAssert.Close(expected, actual, 1e-5f, 1e-7f);
        Assert.All(actual[length..], v => Assert.Equal(0f, v));
        Assert.Equal(1.0, actual.Sum(v => (double)v), 1e-5);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Backward_CausalRow_MatchesScalarReference(int length, int width)
    {
        float[] probs = KernelAssert.Random(width, length, 3f);
        SoftmaxKernel.ForwardScalar(probs, length);
        float[] dprobs = KernelAssert.Random(width, width);
        float[] expected = KernelAssert.Random(width, 1);
        float[] actual = (float[])expected.Clone();

        SoftmaxKernel.BackwardScalar(expected, dprobs, probs, length);
        SoftmaxKernel.Backward(actual, dprobs, probs, length);

        KernelAssert.Close(expected, actual, 1e-5f, 1e-7f);
        Assert.All(actual[length..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void ForwardScalar_LargeLogits_DoesNotOverflow()
    {
        float[] row = [1000f, 1000f, 999f, 5f];

        SoftmaxKernel.ForwardScalar(row, 3);

        float e = MathF.Exp(-1f);
        KernelAssert.Close([1f / (2f + e), 1f / (2f + e), e / (2f + e), 0f], row);
    }

    [Fact]
    public void BackwardScalar_FiniteDifference_Agrees()
    {
        float[] z = [0.3f, -1.2f, 2.0f, 0.7f, 0.1f];
        float[] w = [0.5f, -0.25f, 1.5f, 2f, -1f];
        float[] p = (float[])z.Clone();
        SoftmaxKernel.ForwardScalar(p, 4);
        var ds = new float[5];
        SoftmaxKernel.BackwardScalar(ds, w, p, 4);

        for (int i = 0; i < 4; i++)
        {
            const float h = 1e-2f;
            float[] plus = (float[])z.Clone();
            float[] minus = (float[])z.Clone();
            plus[i] += h;
            minus[i] -= h;
            SoftmaxKernel.ForwardScalar(plus, 4);
            SoftmaxKernel.ForwardScalar(minus, 4);
            double numeric = plus.Zip(minus, w).Sum(t => (double)(t.First - t.Second) * t.Third) / (2 * h);
            Assert.Equal(numeric, ds[i], 1e-3);
        }
    }
}
