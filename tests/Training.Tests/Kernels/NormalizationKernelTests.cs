using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class NormalizationKernelTests
{
    public static TheoryData<int, int> Shapes() => new() { { 1, 1 }, { 7, 13 }, { 33, 65 }, { 5, 64 }, { 3, 257 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void LayerNorm_OddShapes_MatchesScalarReference(int rows, int cols)
    {
        float[] x = KernelAssert.Random(rows * cols, 10, 3f);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += 2f; // an offset mean exercises the centring
        }

        float[] gamma = KernelAssert.Random(cols, 11);
        float[] beta = KernelAssert.Random(cols, 12);
        float[] dy = KernelAssert.Random(rows * cols, 13);
        var (y1, m1, r1) = (new float[rows * cols], new float[rows], new float[rows]);
        var (y2, m2, r2) = (new float[rows * cols], new float[rows], new float[rows]);
        float[] dg1 = KernelAssert.Random(cols, 14);
        float[] db1 = KernelAssert.Random(cols, 15);
        float[] dg2 = (float[])dg1.Clone();
        float[] db2 = (float[])db1.Clone();
        var dx1 = new float[rows * cols];
        var dx2 = new float[rows * cols];

        LayerNormKernel.ForwardScalar(y1, m1, r1, x, gamma, beta, rows, cols);
        LayerNormKernel.Forward(y2, m2, r2, x, gamma, beta, rows, cols);
        LayerNormKernel.BackwardScalar(dx1, dg1, db1, dy, x, gamma, m1, r1, rows, cols);
        LayerNormKernel.Backward(dx2, dg2, db2, dy, x, gamma, m2, r2, rows, cols);

        KernelAssert.Close(m1, m2, 1e-5f, 1e-6f);
        KernelAssert.Close(r1, r2, 1e-5f, 1e-6f);
        KernelAssert.Close(y1, y2, 1e-5f, 1e-5f);
        KernelAssert.Close(dx1, dx2, 1e-4f, 1e-5f);
        KernelAssert.Close(dg1, dg2, 1e-4f, 1e-5f);
        KernelAssert.Close(db1, db2, 1e-4f, 1e-5f);
    }

    [Fact]
    public void LayerNormForwardScalar_UnitAffine_GivesZeroMeanUnitVariance()
    {
        const int cols = 50;
        float[] x = KernelAssert.Random(cols, 16, 4f);
        var y = new float[cols];
        var mean = new float[1];
        var rstd = new float[1];

        LayerNormKernel.ForwardScalar(y, mean, rstd, x, Enumerable.Repeat(1f, cols).ToArray(), new float[cols], 1, cols);

        double m = y.Average(v => (double)v);
        double var = y.Average(v => (v - m) * (v - m));
        Assert.Equal(0, m, 1e-6);
        Assert.Equal(1, var, 1e-3); // eps 1e-5 shrinks the variance slightly
        Assert.Equal(x.Average(v => (double)v), mean[0], 1e-5);
    }

    [Fact]
    public void LayerNormBackwardScalar_FiniteDifference_Agrees()
    {
        const int rows = 2, cols = 6;
        float[] x = KernelAssert.Random(rows * cols, 17, 2f);
        float[] gamma = KernelAssert.Random(cols, 18);
        float[] beta = KernelAssert.Random(cols, 19);
        float[] w = KernelAssert.Random(rows * cols, 20); // loss = Σ w·y
        var dx = new float[rows * cols];
        var dg = new float[cols];
        var db = new float[cols];
        var y = new float[rows * cols];
        var mean = new float[rows];
        var rstd = new float[rows];
        LayerNormKernel.ForwardScalar(y, mean, rstd, x, gamma, beta, rows, cols);
        LayerNormKernel.BackwardScalar(dx, dg, db, w, x, gamma, mean, rstd, rows, cols);

        double Loss(float[] xs, float[] gs)
        {
            LayerNormKernel.ForwardScalar(y, mean, rstd, xs, gs, beta, rows, cols);
            return y.Select((v, i) => (double)v * w[i]).Sum();
        }

        const float h = 1e-2f;
        for (int i = 0; i < x.Length; i++)
        {
            float[] plus = (float[])x.Clone();
            float[] minus = (float[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            Assert.Equal((Loss(plus, gamma) - Loss(minus, gamma)) / (2 * h), dx[i], 2e-3);
        }

        for (int c = 0; c < cols; c++)
        {
            float[] plus = (float[])gamma.Clone();
            float[] minus = (float[])gamma.Clone();
            plus[c] += h;
            minus[c] -= h;
            Assert.Equal((Loss(x, plus) - Loss(x, minus)) / (2 * h), dg[c], 2e-3);
            Assert.Equal(w[c] + w[cols + c], db[c], 1e-5);
        }
    }
}
