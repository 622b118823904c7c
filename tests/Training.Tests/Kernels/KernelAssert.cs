namespace SweepCluster.Training.Tests.Kernels;

/// <summary>Seeded test data and tolerant comparisons for the kernel tests.</summary>
internal static class KernelAssert
{
    /// <summary>Uniform values in [−scale, scale) from a seeded generator.</summary>
    public static float[] Random(int length, int seed, float scale = 1f)
    {
        var rng = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (float)(((rng.NextDouble() * 2) - 1) * scale);
        }

        return data;
    }

    /// <summary>Asserts |expected − actual| ≤ abs + rel·|expected| element-wise, naming the first index that fails.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float rel = 1e-5f, float abs = 1e-6f)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i];
            float a = actual[i];
            bool ok = MathF.Abs(e - a) <= abs + (rel * MathF.Abs(e));
            Assert.True(ok, $"index {i}: expected {e:R}, actual {a:R}");
        }
    }

    /// <summary>Asserts two spans are bitwise identical.</summary>
    public static void Same(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"index {i}: expected {expected[i]:R}, actual {actual[i]:R}");
        }
    }
}
