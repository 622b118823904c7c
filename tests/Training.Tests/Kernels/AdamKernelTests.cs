using SweepCluster.Training.Kernels;

namespace SweepCluster.Training.Tests.Kernels;

public sealed class AdamKernelTests
{
    [Theory]
    [InlineData(1, 0f, 1f)]
    [InlineData(7, 0f, 0.9999f)]
    [InlineData(33 * 65, 0.01f, 1f)]
    [InlineData(1001, 0f, 0.99f)]
    public void Update_OddLengths_BitwiseEqualToScalarReference(int length, float l2, float decay)
    {
        float[] p1 = KernelAssert.Random(length, 1);
        float[] g = KernelAssert.Random(length, 2);
        float[] m1 = KernelAssert.Random(length, 3, 0.1f);
        float[] v1 = KernelAssert.Random(length, 4, 0.01f).Select(MathF.Abs).ToArray();
        float[] p2 = (float[])p1.Clone();
        float[] m2 = (float[])m1.Clone();
        float[] v2 = (float[])v1.Clone();
        var step = new AdamStep(0.9f, 0.999f, 0.1f, 0.001f, 1e-3f / 0.271f, MathF.Sqrt(0.003f), 1e-8f, l2, decay);

        for (int t = 0; t < 3; t++)
        {
            AdamKernel.UpdateScalar(p1, g, m1, v1, step);
            AdamKernel.Update(p2, g, m2, v2, step);
        }

        KernelAssert.Same(p1, p2);
        KernelAssert.Same(m1, m2);
        KernelAssert.Same(v1, v2);
    }

    [Fact]
    public void UpdateScalar_FirstStep_MovesByLearningRateAgainstGradientSign()
    {
        float[] p = [1f, 1f];
        float[] m = [0f, 0f];
        float[] v = [0f, 0f];
        const float lr = 0.1f;
        var step = new AdamStep(0.9f, 0.999f, 0.1f, 0.001f, lr / 0.1f, MathF.Sqrt(0.001f), 1e-8f, 0f, 1f);

        AdamKernel.UpdateScalar(p, [0.5f, -2f], m, v, step);

        KernelAssert.Close([0.9f, 1.1f], p, 1e-5f, 1e-6f);
        KernelAssert.Close([0.05f, -0.2f], m, 1e-6f, 1e-8f);
    }
}
