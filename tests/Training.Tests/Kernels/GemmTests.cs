using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class GemmTests
{
    public static TheoryData<int, bool, bool, int, int, int, bool> Shapes()
    {
        var data = new TheoryData<int, bool, bool, int, int, int, bool>();
        int[][] shapes = [[1, 1, 1], [7, 13, 5], [33, 65, 17], [8, 32, 1], [17, 9, 300], [100, 37, 129], [130, 70, 260], [3, 200, 64]];
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach (int[] s in shapes)
                {
                    foreach (GemmIsa isa in Enum.GetValues<GemmIsa>())
                    {
                        data.Add((int)isa, ta, tb, s[0], s[1], s[2], s[0] % 2 == 1);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_OddShapesWithStrides_MatchesScalarReference(int isa, bool transA, bool transB, int m, int n, int k, bool accumulate)
    {
        // Row strides larger than the logical widths; the padding must stay untouched.
        int lda = (transA ? m : k) + 3;
        int ldb = (transB ? k : n) + 5;
        int ldc = n + 2;
        float[] a = KernelAssert.Random((transA ? k : m) * lda, 1);
        float[] b = KernelAssert.Random((transB ? n : k) * ldb, 2);
        float[] expected = KernelAssert.Random(m * ldc, 3);
        float[] actual = (float[])expected.Clone();

        Gemm.MultiplyScalar(transA, transB, m, n, k, a, lda, b, ldb, expected, ldc, accumulate);
        Gemm.Multiply((GemmIsa)isa, ComputePool.Single, transA, transB, m, n, k, a, lda, b, ldb, actual, ldc, accumulate);

        KernelAssert.Close(expected, actual, rel: 1e-4f, abs: 1e-5f * MathF.Sqrt(k));
    }

    [Fact]
    public void MultiplyScalar_TwoByTwo_MatchesHandComputedProduct()
    {
        float[] a = [1, 2, 3, 4];
        float[] b = [5, 6, 7, 8];
        float[] c = [100, 100, 100, 100];

        Gemm.MultiplyScalar(false, false, 2, 2, 2, a, 2, b, 2, c, 2, accumulate: false);
        Assert.Equal([19f, 22f, 43f, 50f], c);

        Gemm.MultiplyScalar(true, true, 2, 2, 2, a, 2, b, 2, c, 2, accumulate: true);
        // Aᵀ·Bᵀ = [[1·5+3·6, 1·7+3·8], [2·5+4·6, 2·7+4·8]] = [[23, 31], [34, 46]]
        Assert.Equal([42f, 53f, 77f, 96f], c);
    }

    [Theory]
    [InlineData(false, true, 512, 256, 128)]
    [InlineData(false, false, 300, 200, 250)]
    [InlineData(true, false, 128, 96, 512)]
    public void Multiply_OneVersusTwoThreads_BitwiseIdentical(bool transA, bool transB, int m, int n, int k)
    {
        float[] a = KernelAssert.Random(m * k, 4);
        float[] b = KernelAssert.Random(k * n, 5);
        var one = new float[m * n];
        var two = new float[m * n];
        using var pool = new ComputePool(2);

        Gemm.Multiply(ComputePool.Single, transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, one, n, false);
        Gemm.Multiply(pool, transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, two, n, false);
        Gemm.Multiply(pool, transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, two, n, true);
        Gemm.Multiply(ComputePool.Single, transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, one, n, true);

        KernelAssert.Same(one, two);
    }

    [Fact]
    public void Multiply_KIsZero_ClearsOrKeepsOutput()
    {
        float[] c = [1f, 2f, 3f, 4f];

        Gemm.Multiply(ComputePool.Single, false, false, 2, 2, 0, [], 0, [], 2, c, 2, accumulate: true);
        Assert.Equal([1f, 2f, 3f, 4f], c);

        Gemm.Multiply(ComputePool.Single, false, false, 2, 2, 0, [], 0, [], 2, c, 2, accumulate: false);
        Assert.Equal([0f, 0f, 0f, 0f], c);
    }

    [Fact]
    public void Multiply_OperandTooShort_ThrowsNamingOperand()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Gemm.Multiply(ComputePool.Single, false, false, 4, 4, 4, new float[16], 4, new float[15], 4, new float[16], 4, false));

        Assert.Equal("b", ex.ParamName);
    }

    [Fact]
    public void Multiply_SmallProductOnPool_AllocatesNothing()
    {
        using var pool = new ComputePool(2);
        float[] a = KernelAssert.Random(512 * 64, 8);
        float[] b = KernelAssert.Random(64 * 256, 9);
        var c = new float[512 * 256];
        Gemm.Multiply(pool, false, false, 512, 256, 64, a, 64, b, 256, c, 256, false);
        Gemm.Multiply(pool, false, false, 8, 8, 8, a, 64, b, 256, c, 256, false);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Gemm.Multiply(pool, false, false, 512, 256, 64, a, 64, b, 256, c, 256, false);
        Gemm.Multiply(pool, false, false, 8, 8, 8, a, 64, b, 256, c, 256, true);

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Multiply_LargeProduct_MatchesScalarReference()
    {
        const int m = 257, n = 130, k = 600;
        float[] a = KernelAssert.Random(m * k, 6);
        float[] b = KernelAssert.Random(n * k, 7);
        var expected = new float[m * n];
        var actual = new float[m * n];
        using var pool = new ComputePool(2);

        Gemm.MultiplyScalar(false, true, m, n, k, a, k, b, k, expected, n, false);
        Gemm.Multiply(pool, false, true, m, n, k, a, k, b, k, actual, n, false);

        KernelAssert.Close(expected, actual, rel: 1e-4f, abs: 1e-4f);
    }
}
