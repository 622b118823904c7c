using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class VectorKernelTests
{
    public static TheoryData<int> Lengths() => [0, 1, 7, 13, 16, 33 * 65, 1001];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ElementWise_OddLengths_MatchScalarReferences(int length)
    {
        float[] a = KernelAssert.Random(length, 1);
        float[] b = KernelAssert.Random(length, 2);
        var (e, f) = (new float[length], new float[length]);

        VectorKernel.AddScalar(e, a, b);
        VectorKernel.Add(f, a, b);
        KernelAssert.Same(e, f);

        VectorKernel.AddInPlaceScalar(e, a);
        VectorKernel.AddInPlace(f, a);
        KernelAssert.Same(e, f);

        VectorKernel.ScaleScalar(e, 0.37f);
        VectorKernel.Scale(f, 0.37f);
        KernelAssert.Same(e, f);

        VectorKernel.AxpyScalar(e, -1.3f, b);
        VectorKernel.Axpy(f, -1.3f, b);
        KernelAssert.Close(e, f, 1e-6f, 1e-7f);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Reductions_OddLengths_MatchScalarReferences(int length)
    {
        float[] a = KernelAssert.Random(length, 3);
        float[] b = KernelAssert.Random(length, 4);

        Assert.Equal(VectorKernel.DotScalar(a, b), VectorKernel.Dot(a, b), 1e-4 * Math.Sqrt(length + 1));
        Assert.Equal(VectorKernel.SumOfSquaresScalar(a), VectorKernel.SumOfSquares(a), 1e-9 * (length + 1));
    }

    [Fact]
    public void EmbeddingScatterAdd_RepeatedIds_MatchesScalarReference()
    {
        const int cols = 13;
        int[] ids = [3, 0, 3, 5, 3, 1];
        float[] table = KernelAssert.Random(6 * cols, 5);
        var gathered = new float[ids.Length * cols];
        EmbeddingKernel.Gather(gathered, table, ids, cols);
        Assert.Equal(table.AsSpan(5 * cols, cols).ToArray(), gathered.AsSpan(3 * cols, cols).ToArray());

        float[] dout = KernelAssert.Random(ids.Length * cols, 6);
        float[] expected = KernelAssert.Random(6 * cols, 7);
        float[] actual = (float[])expected.Clone();
        EmbeddingKernel.ScatterAddScalar(expected, dout, ids, cols);
        EmbeddingKernel.ScatterAdd(actual, dout, ids, cols);

        KernelAssert.Same(expected, actual);
    }
}
