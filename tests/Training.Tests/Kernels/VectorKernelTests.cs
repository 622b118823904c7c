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

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 13)]
    [InlineData(33, 65)]
    public void RowAndColumnKernels_OddShapes_BitwiseEqualToScalarLoops(int rows, int cols)
    {
        float[] x = KernelAssert.Random(rows * cols, 8);
        float[] bias = KernelAssert.Random(cols, 9);
        float[] y1 = KernelAssert.Random(rows * cols, 10);
        float[] y2 = (float[])y1.Clone();
        float[] s1 = KernelAssert.Random(cols, 11);
        float[] s2 = (float[])s1.Clone();
        float[] p1 = KernelAssert.Random(rows * cols, 12);
        float[] p2 = (float[])p1.Clone();
        var m1 = new float[rows * cols];
        var m2 = new float[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                int i = (r * cols) + c;
                y1[i] += bias[c];
                s1[c] += x[i];
                p1[i] += x[i] * y1[i];
                m1[i] = x[i] * bias[c];
            }
        }

        VectorKernel.AddRowVector(y2, bias, rows, cols);
        VectorKernel.AddColumnSums(s2, x, rows, cols);
        VectorKernel.AddProduct(p2, x, y2);
        for (int r = 0; r < rows; r++)
        {
            VectorKernel.Multiply(m2.AsSpan(r * cols, cols), x.AsSpan(r * cols, cols), bias);
        }

        KernelAssert.Same(y1, y2);
        KernelAssert.Same(s1, s2);
        KernelAssert.Same(p1, p2);
        KernelAssert.Same(m1, m2);
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
