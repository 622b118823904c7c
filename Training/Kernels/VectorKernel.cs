namespace SweepCluster.Training.Kernels;

/// <summary>Element-wise vector operations over spans of equal length, each with its scalar reference.</summary>
internal static class VectorKernel
{
    /// <summary>dst = a + b.</summary>
    public static void Add(Span<float> dst, ReadOnlySpan<float> a, ReadOnlySpan<float> b) => AddScalar(dst, a, b);

    /// <summary>dst += src.</summary>
    public static void AddInPlace(Span<float> dst, ReadOnlySpan<float> src) => AddInPlaceScalar(dst, src);

    /// <summary>dst *= s.</summary>
    public static void Scale(Span<float> dst, float s) => ScaleScalar(dst, s);

    /// <summary>dst += alpha·x.</summary>
    public static void Axpy(Span<float> dst, float alpha, ReadOnlySpan<float> x) => AxpyScalar(dst, alpha, x);

    /// <summary>Σ a_i·b_i.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => DotScalar(a, b);

    /// <summary>Σ a_i² accumulated in double.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> a) => SumOfSquaresScalar(a);

    /// <summary>Scalar reference of <see cref="Add"/>.</summary>
    public static void AddScalar(Span<float> dst, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = a[i] + b[i];
        }
    }

    /// <summary>Scalar reference of <see cref="AddInPlace"/>.</summary>
    public static void AddInPlaceScalar(Span<float> dst, ReadOnlySpan<float> src)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] += src[i];
        }
    }

    /// <summary>Scalar reference of <see cref="Scale"/>.</summary>
    public static void ScaleScalar(Span<float> dst, float s)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] *= s;
        }
    }

    /// <summary>Scalar reference of <see cref="Axpy"/>.</summary>
    public static void AxpyScalar(Span<float> dst, float alpha, ReadOnlySpan<float> x)
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] += alpha * x[i];
        }
    }

    /// <summary>Scalar reference of <see cref="Dot"/>.</summary>
    public static float DotScalar(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0f;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Scalar reference of <see cref="SumOfSquares"/>.</summary>
    public static double SumOfSquaresScalar(ReadOnlySpan<float> a)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * a[i];
        }

        return sum;
    }
}
