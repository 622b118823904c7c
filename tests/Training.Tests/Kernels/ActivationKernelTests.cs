using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class ActivationKernelTests
{
    public static TheoryData<int> Lengths() => [1, 7, 13, 16, 17, 33 * 65, 1000];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void GeluForward_OddLengths_MatchesScalarReference(int length)
    {
        float[] x = KernelAssert.Random(length, length, 6f);
        var expected = new float[length];
        var actual = new float[length];

        GeluKernel.ForwardScalar(expected, x);
        GeluKernel.Forward(actual, x);

        KernelAssert.Close(expected, actual, rel: 2e-6f, abs: 2e-7f);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void GeluBackward_OddLengths_MatchesScalarReference(int length)
    {
        float[] x = KernelAssert.Random(length, length + 1, 6f);
        float[] dy = KernelAssert.Random(length, length + 2);
        var expected = new float[length];
        var actual = new float[length];

        GeluKernel.BackwardScalar(expected, dy, x);
        GeluKernel.Backward(actual, dy, x);

        KernelAssert.Close(expected, actual, rel: 2e-6f, abs: 2e-7f);
    }

    [Fact]
    public void GeluForwardScalar_KnownValues_MatchesErfGelu()
    {
        // x·Φ(x) from tabulated Φ: Φ(1) = 0.841344746068543, Φ(−1) = 0.158655253931457, Φ(3) = 0.998650101968370.
        float[] x = [0f, 1f, -1f, 3f, -10f, 10f];
        var y = new float[x.Length];

        GeluKernel.ForwardScalar(y, x);

        KernelAssert.Close([0f, 0.841344746f, -0.158655254f, 2.995950306f, 0f, 10f], y, rel: 1e-7f, abs: 1e-12f);
    }

    [Fact]
    public void GeluBackwardScalar_FiniteDifference_Agrees()
    {
        float[] x = [-3f, -1.3f, -0.2f, 0f, 0.4f, 1.7f, 2.5f];
        var grad = new float[x.Length];
        GeluKernel.BackwardScalar(grad, Enumerable.Repeat(1f, x.Length).ToArray(), x);

        for (int i = 0; i < x.Length; i++)
        {
            const double h = 1e-3;
            double numeric = (Gelu(x[i] + h) - Gelu(x[i] - h)) / (2 * h);
            Assert.Equal(numeric, grad[i], 1e-5);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Relu_OddLengths_MatchesScalarReference(int length)
    {
        float[] x = KernelAssert.Random(length, length + 3);
        float[] dy = KernelAssert.Random(length, length + 4);
        var expectedY = new float[length];
        var actualY = new float[length];
        var expectedDx = new float[length];
        var actualDx = new float[length];

        ReluKernel.ForwardScalar(expectedY, x);
        ReluKernel.Forward(actualY, x);
        ReluKernel.BackwardScalar(expectedDx, dy, x);
        ReluKernel.Backward(actualDx, dy, x);

        KernelAssert.Same(expectedY, actualY);
        KernelAssert.Same(expectedDx, actualDx);
        Assert.All(actualY, v => Assert.True(v >= 0f));
    }

    private static double Gelu(double x)
    {
        return 0.5 * x * (1 + ErfByIntegral(x / Math.Sqrt(2)));
    }

    // An independent erf: Simpson's rule on 2/√π·exp(−t²) with 20,000 intervals.
    private static double ErfByIntegral(double x)
    {
        const int n = 20000;
        double h = x / n;
        double sum = 1 + Math.Exp(-x * x);
        for (int i = 1; i < n; i++)
        {
            double t = i * h;
            sum += (i % 2 == 1 ? 4 : 2) * Math.Exp(-t * t);
        }

        return sum * h / 3 * 2 / Math.Sqrt(Math.PI);
    }
}
